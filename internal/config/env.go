package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/joho/godotenv"
)

// envName is what a variable name in .env may be.
var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.]*$`)

// Environ returns a getenv for Load that reads the real environment first
// and falls back to the file dir/.env. lookup is the real environment
// (os.LookupEnv in main, a map in tests).
//
// Precedence: a variable that lookup reports as set wins, even when it is
// set to the empty string (as godotenv.Load does): `SLACK_BOT_TOKEN= bot run`
// switches Slack off whatever .env says. Only variables absent from the
// environment come from the file.
//
// A missing .env is fine. An unreadable or malformed one is an error that
// names the file. ${VAR} references inside .env expand to values of the same
// file only, not of the environment.
func Environ(dir string, lookup func(string) (string, bool)) (func(string) string, error) {
	path := filepath.Join(dir, ".env")
	file, err := godotenv.Read(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		file = nil
	case err != nil:
		var perr *fs.PathError
		if errors.As(err, &perr) {
			return nil, fmt.Errorf("config: read %s: %w: check the file, or remove it", path, perr.Err)
		}
		return nil, fmt.Errorf("config: read %s: %s: fix the file, or remove it and set the variables in the environment", path, parseProblem(path, err))
	}
	for key := range file {
		if !envName.MatchString(key) {
			// Never show the value: it may be a token pasted on a line of its own.
			problem := "a line is not NAME=value"
			if key != "" {
				problem = fmt.Sprintf("%q is not a variable name", key)
			}
			return nil, fmt.Errorf("config: read %s: %s: fix the file, or remove it and set the variables in the environment", path, problem)
		}
	}
	return func(name string) string {
		if v, ok := lookup(name); ok {
			return v
		}
		return file[name]
	}, nil
}

// parseProblem describes godotenv's parse error without the file's text,
// which godotenv quotes and which may hold a token, and finds its line: the
// first line from which on every longer prefix of the file fails to parse (a
// quoted value may span lines, so the first failing prefix is not enough).
func parseProblem(path string, err error) string {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "unterminated quoted value"):
		msg = "a quoted value is not closed"
	case strings.HasPrefix(msg, `unexpected character "\n"`):
		msg = "the line is not NAME=value"
	case strings.HasPrefix(msg, "unexpected character"):
		msg, _, _ = strings.Cut(msg, " near ") // keeps the character
	default:
		msg = "malformed"
	}
	src, rerr := os.ReadFile(path)
	if rerr != nil {
		return msg
	}
	lines := strings.SplitAfter(string(src), "\n")
	if len(lines) > 2000 {
		return msg
	}
	bad := 0
	for n := len(lines); n > 0; n-- {
		if _, err := godotenv.Unmarshal(strings.Join(lines[:n], "")); err == nil {
			break
		}
		bad = n
	}
	if bad == 0 {
		return msg
	}
	return fmt.Sprintf("line %d: %s", bad, msg)
}
