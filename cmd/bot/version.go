package main

import (
	"fmt"
	"io"

	"brief/internal/buildinfo"
)

// cmdVersion is `bot version` (and `bot --version`): the build's module
// version, VCS revision and Go version.
func cmdVersion(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("version", stderr)
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("version takes no arguments (got %q)", fs.Args())
	}
	fmt.Fprintln(stdout, buildinfo.Read())
	return nil
}
