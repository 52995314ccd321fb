package replicas

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"brief/internal/pgtest"
)

// botBinary is the bot, built once for the package's tests (with the race
// detector when the tests have it), so that each replica is a real
// process that a test can kill -9.
var botBinary string

func TestMain(m *testing.M) {
	os.Exit(func() int {
		if !pgtest.Available() {
			return m.Run() // every test skips, saying why
		}
		dir, err := os.MkdirTemp("", "brief-replicas-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		botBinary = filepath.Join(dir, "bot")
		args := []string{"build", "-o", botBinary}
		if raceEnabled {
			args = append(args, "-race")
		}
		build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), append(args, "brief/cmd/bot")...)
		build.Stderr = os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "build the bot:", err)
			return 1
		}
		return m.Run()
	}())
}
