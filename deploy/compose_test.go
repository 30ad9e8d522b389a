package deploy

import (
	"context"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// root is the repository root, seen from this package's directory.
const root = ".."

// app describes what SPEC §7 and §8 ask of one service container.
type app struct {
	port     string   // container and host port, and PORT
	required []string // variables that must be set and non-empty
	deps     map[string]string
}

var auth = []string{"SERVICE_TOKEN", "JWT_SECRET", "AUTH_REQUIRED", "LOG_LEVEL"}

var apps = map[string]app{
	"customers-api": {
		port:     "3001",
		required: append([]string{"PORT", "DB_HOST", "DB_PORT", "DB_USER", "DB_PASSWORD", "DB_NAME"}, auth...),
		deps:     map[string]string{"db": types.ServiceConditionHealthy},
	},
	"orders-api": {
		port: "3002",
		required: append([]string{"PORT", "DB_HOST", "DB_PORT", "DB_USER", "DB_PASSWORD", "DB_NAME",
			"CUSTOMERS_API_BASE", "CANCEL_WINDOW", "IDEMPOTENCY_TTL"}, auth...),
		deps: map[string]string{"db": types.ServiceConditionHealthy, "customers-api": types.ServiceConditionHealthy},
	},
	"orchestrator": {
		port:     "3000",
		required: append([]string{"PORT", "CUSTOMERS_API_BASE", "ORDERS_API_BASE"}, auth...),
		deps: map[string]string{"customers-api": types.ServiceConditionHealthy, "orders-api": types.ServiceConditionHealthy,
			"seed": types.ServiceConditionCompletedSuccessfully},
	},
}

// loadCompose loads docker-compose.yml as docker compose would, with
// envFile as its .env and nothing from the test's own environment.
func loadCompose(t *testing.T, envFile string) (*types.Project, error) {
	t.Helper()
	opts, err := cli.NewProjectOptions([]string{filepath.Join(root, "docker-compose.yml")},
		cli.WithWorkingDirectory(root), cli.WithName("check"),
		cli.WithEnvFiles(envFile), cli.WithDotEnv)
	if err != nil {
		return nil, err
	}
	return cli.ProjectFromOptions(context.Background(), opts)
}

func TestComposeFile(t *testing.T) {
	p, err := loadCompose(t, filepath.Join(root, ".env.example"))
	if err != nil {
		t.Fatalf("docker-compose.yml does not load with .env.example: %v", err)
	}
	for _, problem := range composeProblems(p) {
		t.Error(problem)
	}
}

// TestComposeRequiresSecrets: without a .env the file refuses to load, and
// says which variable is missing, instead of starting services that then
// refuse to start.
func TestComposeRequiresSecrets(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "empty.env")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := loadCompose(t, empty)
	if err == nil || !strings.Contains(err.Error(), "cp .env.example .env") {
		t.Fatalf("loading without secrets: want an error that says to copy .env.example, got %v", err)
	}
}

// TestComposeProblemsCaught breaks a loaded copy of the file in the ways
// that matter and checks that composeProblems notices each one.
func TestComposeProblemsCaught(t *testing.T) {
	breakages := map[string]struct {
		mutate func(p *types.Project)
		want   string
	}{
		"healthcheck removed": {func(p *types.Project) { setSvc(p, "orders-api", func(s *types.ServiceConfig) { s.HealthCheck = nil }) },
			"orders-api: no healthcheck"},
		"healthcheck on /health": {func(p *types.Project) {
			setSvc(p, "customers-api", func(s *types.ServiceConfig) {
				s.HealthCheck.Test = types.HealthCheckTest{"CMD", "/usr/local/bin/healthcheck", "http://127.0.0.1:3001/health"}
			})
		}, "customers-api: healthcheck"},
		"variable missing": {func(p *types.Project) {
			setSvc(p, "orders-api", func(s *types.ServiceConfig) { delete(s.Environment, "CANCEL_WINDOW") })
		},
			"orders-api: CANCEL_WINDOW"},
		"variable empty": {func(p *types.Project) {
			setSvc(p, "orchestrator", func(s *types.ServiceConfig) { empty := ""; s.Environment["JWT_SECRET"] = &empty })
		}, "orchestrator: JWT_SECRET"},
		"wrong host port": {func(p *types.Project) {
			setSvc(p, "orchestrator", func(s *types.ServiceConfig) { s.Ports[0].Published = "8080" })
		}, "orchestrator: ports"},
		"dependency not healthy": {func(p *types.Project) {
			setSvc(p, "orders-api", func(s *types.ServiceConfig) {
				s.DependsOn["db"] = types.ServiceDependency{Condition: types.ServiceConditionStarted}
			})
		}, "orders-api: depends_on db"},
		"missing Dockerfile": {func(p *types.Project) {
			setSvc(p, "customers-api", func(s *types.ServiceConfig) { s.Build.Dockerfile = "nope/Dockerfile" })
		}, "customers-api: build"},
		"service that does not exist": {func(p *types.Project) {
			setSvc(p, "orchestrator", func(s *types.ServiceConfig) { s.Build.Args["SERVICE"] = ptr("billing-api") })
		}, "orchestrator: build"},
		"URL to the wrong port": {func(p *types.Project) {
			setSvc(p, "orchestrator", func(s *types.ServiceConfig) { s.Environment["ORDERS_API_BASE"] = ptr("http://orders-api:9999") })
		}, "orchestrator: ORDERS_API_BASE"},
		"seed volume gone": {func(p *types.Project) { setSvc(p, "seed", func(s *types.ServiceConfig) { s.Volumes = nil }) },
			"seed: "},
		"mysql 5.7": {func(p *types.Project) { setSvc(p, "db", func(s *types.ServiceConfig) { s.Image = "mysql:5.7" }) },
			"db: image"},
	}
	for name, b := range breakages {
		t.Run(name, func(t *testing.T) {
			p, err := loadCompose(t, filepath.Join(root, ".env.example"))
			if err != nil {
				t.Fatal(err)
			}
			b.mutate(p)
			problems := composeProblems(p)
			if !slices.ContainsFunc(problems, func(s string) bool { return strings.Contains(s, b.want) }) {
				t.Fatalf("want a problem containing %q, got %q", b.want, problems)
			}
		})
	}
}

func ptr(s string) *string { return &s }

func setSvc(p *types.Project, name string, f func(*types.ServiceConfig)) {
	s := p.Services[name] // Services holds values: change a copy, store it back
	f(&s)
	p.Services[name] = s
}

// composeProblems lists every way the project misses SPEC §8 and the
// issue: the services and their order, variables, ports, healthchecks,
// and that every image builds from files that exist.
func composeProblems(p *types.Project) []string {
	var out []string
	bad := func(svc, format string, args ...any) {
		out = append(out, svc+": "+fmt.Sprintf(format, args...))
	}

	want := []string{"customers-api", "db", "orchestrator", "orders-api", "seed"}
	if got := slices.Sorted(func(yield func(string) bool) {
		for n := range p.Services {
			if !yield(n) {
				return
			}
		}
	}); !slices.Equal(got, want) {
		bad("project", "services %v, want %v", got, want)
		return out
	}

	db := p.Services["db"]
	if db.Image != "mysql:8.0" {
		bad("db", "image %q, want mysql:8.0", db.Image)
	}
	if db.HealthCheck == nil || len(db.HealthCheck.Test) == 0 {
		bad("db", "no healthcheck")
	}
	checkMount(bad, db, "/docker-entrypoint-initdb.d", "db/init/01-schemas.sql", "db/init/02-users.sh")
	if fi, err := os.Stat(filepath.Join(root, "db/init/02-users.sh")); err == nil && fi.Mode()&0o111 == 0 {
		bad("db", "db/init/02-users.sh is not executable (the entrypoint would source it under sh)")
	}
	for _, v := range []string{"MYSQL_ROOT_PASSWORD", "CUSTOMERS_DB_PASSWORD", "ORDERS_DB_PASSWORD"} {
		if s := db.Environment[v]; s == nil || *s == "" {
			bad("db", "%s is not set", v)
		}
	}

	seed := p.Services["seed"]
	checkMount(bad, seed, "/seed", "db/seed.sql")
	for _, d := range []string{"customers-api", "orders-api"} {
		if seed.DependsOn[d].Condition != types.ServiceConditionHealthy {
			bad("seed", "depends_on %s: want service_healthy (the seed needs its tables)", d)
		}
	}

	for name, a := range apps {
		s := p.Services[name]
		for _, v := range a.required {
			if val := s.Environment[v]; val == nil || *val == "" {
				bad(name, "%s is not set", v)
			}
		}
		if v := s.Environment["PORT"]; v != nil && *v != a.port {
			bad(name, "PORT=%s, want %s", *v, a.port)
		}
		if len(s.Ports) != 1 || s.Ports[0].Published != a.port || strconv.Itoa(int(s.Ports[0].Target)) != a.port {
			bad(name, "ports %+v, want %s:%s", s.Ports, a.port, a.port)
		}
		if s.HealthCheck == nil || len(s.HealthCheck.Test) == 0 {
			bad(name, "no healthcheck")
		} else if hc := strings.Join(s.HealthCheck.Test, " "); !strings.Contains(hc, "127.0.0.1:"+a.port+"/ready") ||
			s.HealthCheck.Test[0] != "CMD" || s.HealthCheck.Test[1] != "/usr/local/bin/healthcheck" {
			bad(name, "healthcheck %q, want the image's healthcheck on 127.0.0.1:%s/ready", hc, a.port)
		}
		for dep, cond := range a.deps {
			if got := s.DependsOn[dep].Condition; got != cond {
				bad(name, "depends_on %s: condition %q, want %q", dep, got, cond)
			}
		}
		for _, v := range []string{"CUSTOMERS_API_BASE", "ORDERS_API_BASE"} {
			if val := s.Environment[v]; val != nil {
				checkURL(bad, p, name, v, *val)
			}
		}
		checkBuild(bad, name, s)
	}

	// Every service starts after what it depends on: compose-go refuses
	// cycles, and the order must be db, the two APIs, seed, orchestrator.
	order := startOrder(p)
	for _, pair := range [][2]string{{"db", "customers-api"}, {"customers-api", "orders-api"}, {"orders-api", "seed"}, {"seed", "orchestrator"}} {
		if slices.Index(order, pair[0]) > slices.Index(order, pair[1]) {
			bad("project", "%s starts before %s (order %v)", pair[1], pair[0], order)
		}
	}
	return out
}

// checkMount wants a read-only bind mount of a repo path onto target whose
// files exist.
func checkMount(bad func(string, string, ...any), s types.ServiceConfig, target string, files ...string) {
	for _, v := range s.Volumes {
		if v.Target != target && !strings.HasPrefix(v.Target, target+"/") {
			continue
		}
		if v.Type != types.VolumeTypeBind || !v.ReadOnly {
			bad(s.Name, "%s should be a read-only bind mount", target)
		}
		for _, f := range files {
			if _, err := os.Stat(filepath.Join(root, f)); err != nil {
				bad(s.Name, "%s is mounted but missing: %v", f, err)
			}
		}
		return
	}
	bad(s.Name, "nothing mounted at %s", target)
}

// checkURL wants a service URL to name a compose service and its port.
func checkURL(bad func(string, string, ...any), p *types.Project, name, v, raw string) {
	u, err := url.Parse(raw)
	if err != nil {
		bad(name, "%s=%q: %v", v, raw, err)
		return
	}
	target, ok := apps[u.Hostname()]
	if _, isSvc := p.Services[u.Hostname()]; !ok || !isSvc || u.Port() != target.port {
		bad(name, "%s=%q does not point at a service's port", v, raw)
	}
}

var copyLine = regexp.MustCompile(`(?m)^COPY\s+(.+)$`)

// checkBuild wants the image built from an existing Dockerfile, for an
// existing service, with every COPY source present; and a static binary
// in a non-root final stage.
func checkBuild(bad func(string, string, ...any), name string, s types.ServiceConfig) {
	b := s.Build
	if b == nil {
		bad(name, "build: no build section")
		return
	}
	svc := ""
	if v := b.Args["SERVICE"]; v != nil {
		svc = *v
	}
	if svc != name {
		bad(name, "build: SERVICE=%q, want %q", svc, name)
	}
	if _, err := os.Stat(filepath.Join(root, svc, "cmd", svc)); err != nil {
		bad(name, "build: no main package %s/cmd/%s", svc, svc)
	}
	// compose-go resolves the context to an absolute path.
	df := b.Dockerfile
	if !filepath.IsAbs(df) {
		df = filepath.Join(b.Context, df)
	}
	text, err := os.ReadFile(df)
	if err != nil {
		bad(name, "build: %v", err)
		return
	}
	var srcs []string
	for _, m := range copyLine.FindAllStringSubmatch(string(text), -1) {
		fields := strings.Fields(m[1])
		if strings.HasPrefix(fields[0], "--from=") {
			continue
		}
		for _, src := range fields[:len(fields)-1] {
			src = strings.ReplaceAll(src, "${SERVICE}", svc)
			if _, err := os.Stat(filepath.Join(b.Context, src)); err != nil {
				bad(name, "build: COPY %s: %v", src, err)
			}
			srcs = append(srcs, src)
		}
	}
	patterns, err := readDockerignore(b.Context)
	if err != nil {
		bad(name, "build: %v", err)
	}
	for _, p := range dockerignoreProblems(b.Context, patterns, srcs) {
		bad(name, "build: %s", p)
	}
	stages := strings.Split(string(text), "\nFROM ")
	final := stages[len(stages)-1]
	if !regexp.MustCompile(`(?m)^USER\s+nonroot`).MatchString(final) {
		bad(name, "build: the runtime stage does not run as a non-root user")
	}
	if !strings.Contains(string(text), "CGO_ENABLED=0") {
		bad(name, "build: the binary is not built static (CGO_ENABLED=0)")
	}
}

// startOrder is an order in which compose may start the services.
func startOrder(p *types.Project) []string {
	var order []string
	seen := map[string]bool{}
	var visit func(string)
	visit = func(n string) {
		if seen[n] {
			return
		}
		seen[n] = true
		for _, d := range slices.Sorted(func(yield func(string) bool) {
			for k := range p.Services[n].DependsOn {
				if !yield(k) {
					return
				}
			}
		}) {
			visit(d)
		}
		order = append(order, n)
	}
	for _, n := range slices.Sorted(func(yield func(string) bool) {
		for k := range p.Services {
			if !yield(k) {
				return
			}
		}
	}) {
		visit(n)
	}
	return order
}

// TestComposeVariablesDocumented: every ${VAR} docker-compose.yml reads is
// listed in .env.example, the file a newcomer copies.
func TestComposeVariablesDocumented(t *testing.T) {
	compose, err := os.ReadFile(filepath.Join(root, "docker-compose.yml"))
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile(filepath.Join(root, ".env.example"))
	if err != nil {
		t.Fatal(err)
	}
	refs := regexp.MustCompile(`\$\{([A-Z_][A-Z0-9_]*)`).FindAllStringSubmatch(string(compose), -1)
	if len(refs) == 0 {
		t.Fatal("no ${VAR} found in docker-compose.yml")
	}
	for _, m := range refs {
		if !regexp.MustCompile(`(?m)^#?\s*` + m[1] + `=`).Match(example) {
			t.Errorf("docker-compose.yml reads %s, which .env.example does not list", m[1])
		}
	}
}

// readDockerignore returns the patterns of the build context's .dockerignore.
func readDockerignore(context string) ([]string, error) {
	f, err := os.Open(filepath.Join(context, ".dockerignore"))
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ignorefile.ReadAll(f)
}

// dockerignoreProblems lists the Go sources and module files under the
// COPY sources that the .dockerignore patterns would leave out of the
// build context (matched the way the builder matches them).
func dockerignoreProblems(context string, patterns, srcs []string) []string {
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		return []string{".dockerignore: " + err.Error()}
	}
	var out []string
	for _, src := range srcs {
		_ = filepath.WalkDir(filepath.Join(context, src), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			base := d.Name()
			if !(strings.HasSuffix(base, ".go") || base == "go.mod" || base == "go.sum" || strings.HasSuffix(base, ".sql")) {
				return nil
			}
			rel, _ := filepath.Rel(context, path)
			if excluded, _ := pm.MatchesOrParentMatches(filepath.ToSlash(rel)); excluded {
				out = append(out, ".dockerignore leaves out "+rel+", which the Dockerfile copies")
			}
			return nil
		})
	}
	return out
}

func TestDockerignoreProblemsCaught(t *testing.T) {
	patterns, err := readDockerignore(root)
	if err != nil || len(patterns) == 0 {
		t.Fatalf("no .dockerignore patterns (%v)", err)
	}
	srcs := []string{"platform/", "orders-api/"}
	if got := dockerignoreProblems(root, patterns, srcs); len(got) != 0 {
		t.Fatalf("the real .dockerignore: %q", got)
	}
	// Secrets, local data and built binaries stay out of the context.
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{".env", ".data/mysql/ibdata1", "bin/orders-api", ".git/config", "orders-api/orders-api"} {
		if excluded, _ := pm.MatchesOrParentMatches(secret); !excluded {
			t.Errorf(".dockerignore lets %s into the build context", secret)
		}
	}
	for _, extra := range []string{"**/*.sql", "platform/auth", "*/go.sum"} {
		got := dockerignoreProblems(root, append(slices.Clone(patterns), extra), srcs)
		if len(got) == 0 {
			t.Errorf("adding %q to .dockerignore went unnoticed", extra)
		}
	}
}
