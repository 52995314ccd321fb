//go:build unix

package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runWithin runs the program like runBot, failing the test when it has
// not returned after d: it would hang for good.
func runWithin(t *testing.T, ctx context.Context, d time.Duration, stdin io.Reader, env map[string]string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, args, func(k string) string { return env[k] }, stdin, &out, &errb) }()
	select {
	case err := <-done:
		return out.String(), errb.String(), err
	case <-time.After(d):
		t.Fatalf("bot %s did not return within %s", strings.Join(args, " "), d)
	}
	return "", "", nil
}

// articlesWithSpecialFiles is a folder with the sample article, a named
// pipe and a link that leads nowhere.
func articlesWithSpecialFiles(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	good, err := os.ReadFile("../../articles/2023-09-11-kim-jong-un-train-to-russia.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "kim.txt"), good, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("gone.txt", filepath.Join(dir, "broken.txt")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestSpecialFilesAreSkippedWithAMessage(t *testing.T) {
	dir := articlesWithSpecialFiles(t)
	ctx := context.Background()
	tests := []struct {
		name    string
		args    []string
		fails   bool
		stderr  []string
		briefed bool
	}{
		{"brief of the folder", []string{"brief", dir}, false, []string{"warning: " + filepath.Join(dir, "pipe.txt") + ": not a regular file: it is a named pipe", "warning: " + filepath.Join(dir, "broken.txt") + ": a link to a file that does not exist: it points to gone.txt"}, true},
		{"digest of the folder", []string{"digest", dir}, false, []string{"warning: " + filepath.Join(dir, "pipe.txt"), "warning: " + filepath.Join(dir, "broken.txt")}, true},
		{"ask of the folder", []string{"ask", "--articles", dir, "where could Kim and Putin meet?"}, false, []string{"warning: " + filepath.Join(dir, "pipe.txt")}, true},
		{"brief of the pipe", []string{"brief", filepath.Join(dir, "pipe.txt")}, true, []string{"pipe.txt: not a regular file: it is a named pipe (FIFO), skipped"}, false},
		{"brief of the pipe and a good file", []string{"brief", filepath.Join(dir, "pipe.txt"), filepath.Join(dir, "kim.txt")}, true, []string{"pipe.txt: not a regular file"}, true},
		{"brief of the broken link", []string{"brief", filepath.Join(dir, "broken.txt")}, true, []string{"broken.txt: a link to a file that does not exist"}, false},
		{"digest of the pipe", []string{"digest", filepath.Join(dir, "pipe.txt")}, true, []string{"pipe.txt: not a regular file"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, stderr, err := runWithin(t, ctx, 10*time.Second, strings.NewReader(""), nil, tt.args...)
			if (err != nil) != tt.fails {
				t.Errorf("err = %v; want failure %v\n%s", err, tt.fails, stderr)
			}
			for _, want := range tt.stderr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			if briefed := strings.Contains(out, "Kim") || strings.Contains(out, "Vladivostok"); briefed != tt.briefed {
				t.Errorf("output %q; want the good article briefed: %v", out, tt.briefed)
			}
		})
	}
}

func TestCommandsStopOnASignal(t *testing.T) {
	dir := articlesWithSpecialFiles(t)
	tests := []struct {
		name  string
		stdin func(t *testing.T) io.Reader
		args  []string
	}{
		// Questions from a terminal (a pipe that stays open).
		{"ask waiting for questions", func(t *testing.T) io.Reader {
			r, w := io.Pipe()
			t.Cleanup(func() { w.Close() })
			return r
		}, []string{"ask", "--articles", dir}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// main's signal.NotifyContext cancels ctx on SIGINT or SIGTERM.
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(200*time.Millisecond, cancel)
			_, _, err := runWithin(t, ctx, 10*time.Second, tt.stdin(t), nil, tt.args...)
			if err == nil || !strings.Contains(err.Error(), "stopped") {
				t.Errorf("err = %v; want it stopped", err)
			}
		})
	}
	for _, cmd := range []string{"brief", "digest", "ask"} {
		t.Run(cmd+" signalled before it reads", func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			args := []string{cmd, dir}
			if cmd == "ask" {
				args = []string{"ask", "--articles", dir, "where?"}
			}
			out, _, err := runWithin(t, ctx, 10*time.Second, strings.NewReader(""), nil, args...)
			if err == nil || !strings.Contains(err.Error(), "stopped") || out != "" {
				t.Errorf("err = %v, output %q; want it stopped before any output", err, out)
			}
		})
	}
}
