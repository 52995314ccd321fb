package app

import (
	"context"

	"brief/internal/adapters/console"
	"brief/internal/config"
	"brief/internal/library"
	"brief/internal/reply"
	"brief/internal/store"
)

// What the command line's verbs need of the service's parts, so that
// cmd/bot wires nothing itself.

// ConsoleChannel is the channel of the terminal: `bot feed` keeps its
// subscriptions, and `bot run` without credentials posts to it.
var ConsoleChannel = console.Channel

// ConsoleName is the console channel's name in the store.
const ConsoleName = "console"

// Text is a reply as the console prints it.
func Text(r reply.Reply) string { return console.Render(r) }

// OpenLibrary opens the configured store and the library on it, for the
// verbs that change it from the command line (add, feed). Close the store
// when done.
func OpenLibrary(ctx context.Context, cfg *config.Config) (*store.Store, *library.Library, error) {
	st, err := OpenStore(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	lib, err := library.Open(ctx, st, nil, library.WithWindow(cfg.LibraryWindow()))
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, lib, nil
}
