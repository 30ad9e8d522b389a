package deploy

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// configSources are the files where the services read their environment:
// each service's internal/config and the platform readers they share.
var configSources = []string{
	"customers-api/internal/config/*.go",
	"orders-api/internal/config/*.go",
	"orchestrator/internal/config/*.go",
	"platform/database/database.go",
	"platform/auth/auth.go",
	"platform/server/pprof.go",
}

// envName matches a quoted variable name: upper case with an underscore,
// or PORT.
var envName = regexp.MustCompile(`"([A-Z][A-Z0-9]*_[A-Z0-9_]+|PORT)"`)

// serviceVariables returns every variable the services read.
func serviceVariables(t *testing.T) []string {
	t.Helper()
	var vars []string
	for _, pattern := range configSources {
		files, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no files (%v)", pattern, err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range envName.FindAllStringSubmatch(string(src), -1) {
				vars = append(vars, m[1])
			}
		}
	}
	slices.Sort(vars)
	return slices.Compact(vars)
}

// TestEveryVariableDocumented: each variable a service reads is listed in
// .env.example (the file make run and compose read) and in the README's
// configuration table, so neither falls behind the code.
func TestEveryVariableDocumented(t *testing.T) {
	vars := serviceVariables(t)
	if !slices.Contains(vars, "SERVICE_TOKEN") || !slices.Contains(vars, "DB_HOST") {
		t.Fatalf("found only %v: has the configuration code moved?", vars)
	}
	for _, doc := range []string{".env.example", "README.md"} {
		text, err := os.ReadFile(filepath.Join(root, doc))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vars {
			if !regexp.MustCompile(`\b` + v + `\b`).Match(text) {
				t.Errorf("%s does not mention %s, which a service reads", doc, v)
			}
		}
	}
}
