// Package buildinfo says which build of brief is running, from what the go
// command records in the binary: the module version (v1.2.3 on a tagged
// commit, a pseudo-version after one, "(devel)" when the build had no
// version control information), the VCS revision and time, whether the
// tree had uncommitted changes, and the Go version.
//
// go build stamps VCS information when it runs in the repository with
// git on PATH; go run, go test and -buildvcs=false do not, so their
// binaries say "(devel)" with no revision.
package buildinfo

import (
	"runtime"
	"runtime/debug"
	"strings"
)

// Info describes a build.
type Info struct {
	Version  string // module version, or "(devel)"
	Revision string // full VCS revision; "" when not stamped
	Time     string // the revision's commit time, RFC 3339; "" when not stamped
	Modified bool   // built from a tree with uncommitted changes
	Go       string // the Go version it was built with
	Platform string // GOOS/GOARCH
}

// Devel is the version of a build without version information.
const Devel = "(devel)"

// Read returns the running binary's build information.
func Read() Info {
	bi, _ := debug.ReadBuildInfo()
	return From(bi)
}

// From reads what bi records; bi may be nil.
func From(bi *debug.BuildInfo) Info {
	in := Info{Version: Devel, Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if bi == nil {
		return in
	}
	if v := bi.Main.Version; v != "" {
		in.Version = v
	}
	if bi.GoVersion != "" {
		in.Go = bi.GoVersion
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			in.Revision = s.Value
		case "vcs.time":
			in.Time = s.Value
		case "vcs.modified":
			in.Modified = s.Value == "true"
		case "GOOS":
			in.Platform = s.Value + in.Platform[strings.Index(in.Platform, "/"):]
		case "GOARCH":
			in.Platform = in.Platform[:strings.Index(in.Platform, "/")+1] + s.Value
		}
	}
	return in
}

// ShortRevision is the first 12 characters of the revision, with
// "-modified" when the tree had changes; "" when not stamped.
func (in Info) ShortRevision() string {
	r := in.Revision
	if len(r) > 12 {
		r = r[:12]
	}
	if r != "" && in.Modified {
		r += "-modified"
	}
	return r
}

// String is one line: "brief v1.2.0 (revision 0123456789ab, 2026-12-01T10:00:00Z) go1.26.8 linux/amd64".
func (in Info) String() string {
	s := "brief " + in.Version
	if r := in.ShortRevision(); r != "" {
		s += " (revision " + r
		if in.Time != "" {
			s += ", " + in.Time
		}
		s += ")"
	}
	return s + " " + in.Go + " " + in.Platform
}
