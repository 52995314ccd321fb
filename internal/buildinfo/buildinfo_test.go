package buildinfo

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestFrom(t *testing.T) {
	tests := []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"no build information", nil, "brief (devel) "},
		{"go run or -buildvcs=false", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "brief", Version: "(devel)"}},
			"brief (devel) go1.26.8 "},
		{"a tagged commit", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "brief", Version: "v0.2.0"}, Settings: []debug.BuildSetting{
			{Key: "GOOS", Value: "linux"}, {Key: "GOARCH", Value: "arm64"},
			{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "a52d202f03549b1e0c1e2f6a7d8e9f0a1b2c3d4e"},
			{Key: "vcs.time", Value: "2026-12-01T10:00:00Z"}, {Key: "vcs.modified", Value: "false"},
		}}, "brief v0.2.0 (revision a52d202f0354, 2026-12-01T10:00:00Z) go1.26.8 linux/arm64"},
		{"uncommitted changes", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "brief", Version: "v0.2.1-0.20261201100000-a52d202f0354+dirty"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "a52d202f03549b1e0c1e2f6a7d8e9f0a1b2c3d4e"}, {Key: "vcs.modified", Value: "true"},
		}}, "brief v0.2.1-0.20261201100000-a52d202f0354+dirty (revision a52d202f0354-modified) go1.26.8 "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := From(tt.bi).String()
			if !strings.HasPrefix(got, tt.want) || strings.Count(got, "/") < 1 {
				t.Errorf("String() = %q, want it to start %q and name the platform", got, tt.want)
			}
		})
	}
}

// The test binary itself has build information: at least the Go version.
func TestRead(t *testing.T) {
	in := Read()
	if in.Version == "" || !strings.HasPrefix(in.Go, "go") || !strings.Contains(in.Platform, "/") {
		t.Errorf("Read() = %+v", in)
	}
}
