package main

import (
	"strings"
	"testing"

	"brief/internal/config"
)

// Every command's help is asked for in the three ways a user tries: it
// exits 0, goes to stdout, and shows the command's usage and flags.
func TestEveryCommandHasHelp(t *testing.T) {
	flags := map[string][]string{
		"brief": {"-json", "-format"}, "ask": {"-json", "-articles"}, "digest": {"-json"}, "add": {"-json"},
		"feed": {"-channel"}, "health": {"-ready"}, "eval summaries": {"-v"}, "eval answers": {"-library"},
	}
	for _, v := range verbs {
		if v.name == "help" {
			continue
		}
		args := strings.Fields(v.name)
		for _, form := range [][]string{append(args[:len(args):len(args)], "--help"), append(args[:len(args):len(args)], "-h"), append([]string{"help"}, args...)} {
			out, stderr, err := runBot(t, nil, form...)
			if err != nil || stderr != "" {
				t.Errorf("bot %s: err %v, stderr %q", strings.Join(form, " "), err, stderr)
				continue
			}
			if !strings.HasPrefix(out, "usage: bot "+v.usage+"\n") {
				t.Errorf("bot %s does not start with its usage:\n%s", strings.Join(form, " "), out)
			}
			for _, f := range flags[v.name] {
				if !strings.Contains(out, "\n  "+f+" ") && !strings.Contains(out, "\n  "+f+"\n") && !strings.Contains(out, "\n  "+f+"\t") {
					t.Errorf("bot %s does not show the flag %s:\n%s", strings.Join(form, " "), f, out)
				}
			}
		}
	}
}

// bot run --help lists every setting, with its default and meaning, from
// the one definition .env.example is checked against.
func TestRunHelpListsTheSettings(t *testing.T) {
	out, _, err := runBot(t, nil, "run", "--help")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, config.Help(80)) {
		t.Errorf("bot run --help lacks the settings:\n%s", out)
	}
	for _, v := range config.Vars() {
		if !strings.Contains(out, v.Name) {
			t.Errorf("bot run --help lacks %s", v.Name)
		}
	}
	if !strings.Contains(out, "BRIEF_HTTP_ADDR=127.0.0.1:8080\n") || !strings.Contains(out, "SLACK_BOT_TOKEN  (no default)") {
		t.Errorf("defaults not shown:\n%s", out)
	}
}

func TestHelpAndMistakes(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}, {"help", "help"}} {
		out, _, err := runBot(t, nil, args...)
		if err != nil || !strings.HasPrefix(out, "usage: bot <command>") {
			t.Errorf("bot %v: %v\n%s", args, err, out)
		}
	}
	if out, _, err := runBot(t, nil, "help", "eval"); err != nil || !strings.Contains(out, "bot eval summaries") || !strings.Contains(out, "bot eval answers") {
		t.Errorf("bot help eval: %v\n%s", err, out)
	}
	if out, _, err := runBot(t, nil, "eval", "--help"); err != nil || !strings.Contains(out, "bot eval answers") {
		t.Errorf("bot eval --help: %v\n%s", err, out)
	}
	if _, stderr, err := runBot(t, nil, "help", "frobnicate"); err == nil || !strings.Contains(stderr, "usage: bot") {
		t.Errorf("bot help frobnicate: %v %q", err, stderr)
	}
	// A mistaken flag gets the command's usage line on stderr, and exit 1.
	out, stderr, err := runBot(t, nil, "brief", "--frobnicate")
	if err == nil || out != "" || !strings.Contains(stderr, "usage: bot brief [--json") || !strings.Contains(err.Error(), "brief: flag provided but not defined: -frobnicate") {
		t.Errorf("bot brief --frobnicate: %v\nstdout %q\nstderr %q", err, out, stderr)
	}
}

// bot version and bot --version print the build: without version control
// information (go test never stamps it) the version is (devel).
func TestVersion(t *testing.T) {
	for _, arg := range []string{"version", "--version"} {
		out, _, err := runBot(t, nil, arg)
		if err != nil || !strings.HasPrefix(out, "brief ") || !strings.Contains(out, " go1.") || strings.Count(out, "\n") != 1 {
			t.Errorf("bot %s: %v %q", arg, err, out)
		}
	}
}
