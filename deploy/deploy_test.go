// Package deploy_test checks the deployment files against what they
// promise: the Dockerfile's build stage builds the binary the README's
// build command does, the image runs it as a non-root user with a /data
// volume and a health check, and compose keeps the state in a volume.
// There is no Docker engine here: the build stage's commands are run in a
// copy of the build context.
package deploy_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

const root = ".."

// An instruction is one Dockerfile line, continuations joined.
type instruction struct {
	op, args string
}

// stages reads the Dockerfile's stages: each starts at a FROM.
func stages(t *testing.T) [][]instruction {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]instruction
	var cur strings.Builder
	for _, line := range strings.Split(string(raw), "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if strings.HasSuffix(trimmed, `\`) {
			cur.WriteString(strings.TrimSuffix(trimmed, `\`) + " ")
			continue
		}
		cur.WriteString(trimmed)
		op, args, _ := strings.Cut(cur.String(), " ")
		cur.Reset()
		in := instruction{strings.ToUpper(op), strings.Join(strings.Fields(args), " ")}
		if in.op == "FROM" {
			out = append(out, nil)
		}
		if len(out) == 0 {
			continue // ARGs before the first FROM
		}
		out[len(out)-1] = append(out[len(out)-1], in)
	}
	if len(out) != 2 {
		t.Fatalf("want a build stage and a runtime stage, got %d stages", len(out))
	}
	return out
}

var goBuild = regexp.MustCompile(`^(.*\bgo build\b.*)\s-o\s+(\S+)\s+(\./cmd/bot)$`)

// readmeBuild is the README's build command.
func readmeBuild(t *testing.T) string {
	t.Helper()
	f, err := os.Open(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); goBuild.MatchString(l) {
			return l
		}
	}
	t.Fatal("README.md has no `go build ... -o bot ./cmd/bot` line")
	return ""
}

// ignorePattern is one line of .dockerignore, as Docker reads it: a path
// pattern from the context's root (* within a name, ** across folders); a
// leading ! takes it back in.
type ignorePattern struct {
	re     *regexp.Regexp
	negate bool
}

func dockerignore(t *testing.T) []ignorePattern {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root, ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	var out []ignorePattern
	for _, l := range strings.Split(string(raw), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		p := ignorePattern{}
		if strings.HasPrefix(l, "!") {
			p.negate, l = true, l[1:]
		}
		l = strings.Trim(filepath.ToSlash(filepath.Clean(l)), "/")
		var re strings.Builder
		re.WriteString("^")
		for i := 0; i < len(l); i++ {
			switch {
			case strings.HasPrefix(l[i:], "**/"):
				re.WriteString("(.*/)?")
				i += 2
			case strings.HasPrefix(l[i:], "**"):
				re.WriteString(".*")
				i++
			case l[i] == '*':
				re.WriteString("[^/]*")
			case l[i] == '?':
				re.WriteString("[^/]")
			default:
				re.WriteString(regexp.QuoteMeta(l[i : i+1]))
			}
		}
		re.WriteString("$")
		p.re = regexp.MustCompile(re.String())
		out = append(out, p)
	}
	return out
}

// ignored reports whether .dockerignore leaves rel (slash-separated, from
// the root) out of the context: the last pattern matching it or one of
// its folders decides.
func ignored(patterns []ignorePattern, rel string) bool {
	out := false
	parts := strings.Split(rel, "/")
	for _, p := range patterns {
		for i := 1; i <= len(parts); i++ {
			if p.re.MatchString(strings.Join(parts[:i], "/")) {
				out = !p.negate
				break
			}
		}
	}
	return out
}

func TestDockerignoreKeepsSecretsAndStateOut(t *testing.T) {
	patterns := dockerignore(t)
	for _, rel := range []string{".env", ".env.local", "data/brief.db", "data", "bot", "articles/x.db", "internal/app/app.test"} {
		if !ignored(patterns, rel) {
			t.Errorf("%s would be sent into the image", rel)
		}
	}
	for _, rel := range []string{".env.example", "go.mod", "cmd/bot/main.go", ".git/HEAD", "internal/answer/vectors.bin", "articles/2023-09-11-kim-jong-un-train-to-russia.txt"} {
		if ignored(patterns, rel) {
			t.Errorf("%s is left out of the context, and the build needs it", rel)
		}
	}
}

// copyContext copies what `docker build .` sends, but .git (the builds
// compare their code, not their stamps), into dir.
func copyContext(t *testing.T, dir string) {
	t.Helper()
	patterns := dockerignore(t)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if rel == "." {
			return nil
		}
		if rel == ".git" || ignored(patterns, rel) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		dst := filepath.Join(dir, filepath.FromSlash(rel))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return copyFile(path, dst)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func sum(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// The Dockerfile's build stage, run command by command in a copy of the
// build context (its paths under a temporary root), builds byte for byte
// the binary the README's build command builds in the repository, and it
// is static and reproducible.
func TestDockerfileBuildsTheREADMEsBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary twice")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	build := stages(t)[0]
	if from := build[0].args; !strings.HasPrefix(from, "golang:"+goVersion(t)+" ") && !strings.HasPrefix(from, "golang:"+goVersion(t)+"@") {
		t.Errorf("the build stage is FROM %s; go.mod wants Go %s", from, goVersion(t))
	}
	readme := readmeBuild(t)
	fsRoot := t.TempDir() // stands for the build stage's /
	// Both builds leave VCS stamping out: the copy has no .git.
	env := append(os.Environ(), "GOFLAGS=-buildvcs=false")
	cwd := fsRoot
	var dockerOut string
	ran := 0
	for _, in := range build[1:] {
		switch in.op {
		case "WORKDIR":
			cwd = filepath.Join(fsRoot, in.args)
			if err := os.MkdirAll(cwd, 0o755); err != nil {
				t.Fatal(err)
			}
		case "ENV", "ARG":
			env = append(env, strings.Fields(in.args)...)
		case "COPY":
			args := strings.Fields(in.args)
			srcs, dst := args[:len(args)-1], args[len(args)-1]
			if strings.HasPrefix(srcs[0], "--") {
				t.Fatalf("COPY %s: the build stage copies from the context only", in.args)
			}
			for _, src := range srcs {
				if src == "." {
					copyContext(t, filepath.Join(cwd, dst))
					continue
				}
				if err := copyFile(filepath.Join(root, src), filepath.Join(cwd, dst, filepath.Base(src))); err != nil {
					t.Fatal(err)
				}
			}
		case "RUN":
			cmd := in.args
			if m := goBuild.FindStringSubmatch(cmd); m != nil {
				if m[1] != goBuild.FindStringSubmatch(readme)[1] {
					t.Errorf("the Dockerfile and the README build differently:\n Dockerfile: %s\n README:     %s", cmd, readme)
				}
				dockerOut = filepath.Join(fsRoot, m[2])
			}
			// Absolute paths of the stage live under its temporary root.
			cmd = regexp.MustCompile(`(^|\s|=)/`).ReplaceAllString(cmd, "${1}"+fsRoot+"/")
			c := exec.Command("sh", "-c", cmd)
			c.Dir, c.Env = cwd, env
			if out, err := c.CombinedOutput(); err != nil {
				t.Fatalf("RUN %s: %v\n%s", in.args, err, out)
			}
			ran++
		default:
			t.Errorf("the build stage has a %s this test does not run: %s", in.op, in.args)
		}
	}
	if dockerOut == "" {
		t.Fatal("the build stage has no RUN … go build … -o PATH ./cmd/bot")
	}
	m := goBuild.FindStringSubmatch(readme)
	readmeOut := filepath.Join(t.TempDir(), "bot")
	c := exec.Command("sh", "-c", m[1]+" -o "+readmeOut+" "+m[3])
	c.Dir, c.Env = root, append(os.Environ(), "GOFLAGS=-buildvcs=false")
	if out, err := c.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", readme, err, out)
	}
	if d, r := sum(t, dockerOut), sum(t, readmeOut); d != r {
		t.Errorf("the image's binary differs from the README's: %s, %s", d, r)
	}
	info, err := exec.Command("go", "version", "-m", dockerOut).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"build\tCGO_ENABLED=0", "build\t-trimpath=true"} {
		if !strings.Contains(string(info), want) {
			t.Errorf("go version -m lacks %q:\n%s", want, info)
		}
	}
	t.Logf("ran %d commands of the build stage", ran)
}

// goVersion is go.mod's Go version, major.minor.
func goVersion(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindStringSubmatch(string(raw))
	if m == nil {
		t.Fatal("no go line in go.mod")
	}
	return m[1]
}

// The image runs the binary built above, as a non-root user, with its
// state in the /data volume and a health check that needs no shell.
func TestImageRuntime(t *testing.T) {
	run := stages(t)[1]
	has := func(op, args string) bool {
		for _, in := range run {
			if in.op == op && strings.Contains(in.args, args) {
				return true
			}
		}
		return false
	}
	checks := []struct{ op, args, why string }{
		{"COPY", "--from=build /out/bot /usr/local/bin/bot", "the binary from the build stage"},
		{"USER", "65532", "a non-root user"},
		{"VOLUME", `"/data"`, "a /data volume"},
		{"ENV", "BRIEF_DB=/data/brief.db", "the database in the volume"},
		{"HEALTHCHECK", `CMD ["/usr/local/bin/bot", "health"]`, "a health check in exec form (no shell in the image)"},
		{"ENTRYPOINT", `["/usr/local/bin/bot"]`, "bot as the entrypoint"},
		{"CMD", `["run"]`, "bot run by default"},
	}
	for _, c := range checks {
		if !has(c.op, c.args) {
			t.Errorf("the image lacks %s: %s %s", c.why, c.op, c.args)
		}
	}
	if has("USER", "root") || has("USER", "0") {
		t.Error("the image runs as root")
	}
}

// compose.yaml runs the image's one service with its state in a named volume.
func TestCompose(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(root, "compose.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Services map[string]struct {
			Build       string            `yaml:"build"`
			Environment map[string]string `yaml:"environment"`
			Volumes     []string          `yaml:"volumes"`
			ReadOnly    bool              `yaml:"read_only"`
		} `yaml:"services"`
		Volumes map[string]any `yaml:"volumes"`
	}
	if err := yaml.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	s, ok := c.Services["brief"]
	if !ok || len(c.Services) != 1 {
		t.Fatalf("want the one service brief, got %v", c.Services)
	}
	if s.Build != "." || s.Environment["BRIEF_DB"] != "/data/brief.db" || !s.ReadOnly {
		t.Errorf("service %+v", s)
	}
	if len(s.Volumes) != 1 || s.Volumes[0] != "brief-data:/data" {
		t.Errorf("volumes %v: want brief-data:/data", s.Volumes)
	}
	if _, ok := c.Volumes["brief-data"]; !ok {
		t.Error("the named volume brief-data is not declared")
	}
}

// replicas/compose.yaml runs Postgres and two replicas of the image on it,
// each ready-checkable on its own port, neither with a SQLite file.
func TestComposeReplicas(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(root, "deploy", "replicas", "compose.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Services map[string]struct {
			Image       string            `yaml:"image"`
			Build       string            `yaml:"build"`
			Environment map[string]string `yaml:"environment"`
			Ports       []string          `yaml:"ports"`
			DependsOn   map[string]any    `yaml:"depends_on"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	if pg, ok := c.Services["postgres"]; !ok || !strings.HasPrefix(pg.Image, "postgres:") {
		t.Fatalf("no postgres service: %v", c.Services)
	}
	ports := map[string]bool{}
	replicas := 0
	for name, s := range c.Services {
		if name == "postgres" {
			continue
		}
		replicas++
		if s.Build != "../.." || !strings.HasPrefix(s.Environment["BRIEF_DB"], "postgres://") || s.DependsOn["postgres"] == nil {
			t.Errorf("replica %s: %+v", name, s)
		}
		for _, p := range s.Ports {
			if ports[p] {
				t.Errorf("port %s published twice", p)
			}
			ports[p] = true
		}
	}
	if replicas != 2 || len(ports) != 2 {
		t.Errorf("%d replicas publishing %v, want 2 on ports of their own", replicas, ports)
	}
}
