//go:build !unix

package httpserver

// openFileLimit is the process's limit on open files, or 0 when unknown.
func openFileLimit() int { return 0 }
