package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/b2b-backoffice/platform/apitest"
	"github.com/b2b-backoffice/platform/dbtest"
)

func TestRunRefusesToStartWithoutSecrets(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"no secrets", map[string]string{}, []string{"SERVICE_TOKEN is required", "JWT_SECRET is required"}},
		{"no JWT secret", map[string]string{"SERVICE_TOKEN": "s"}, []string{"JWT_SECRET is required"}},
		{"blank service token", map[string]string{"SERVICE_TOKEN": "  ", "JWT_SECRET": "j"}, []string{"SERVICE_TOKEN is required"}},
		{"bad values, all reported", map[string]string{"PORT": "99999", "LOG_LEVEL": "loud", "AUTH_REQUIRED": "maybe"},
			[]string{"PORT", "LOG_LEVEL", "AUTH_REQUIRED", "SERVICE_TOKEN", "JWT_SECRET"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			apitest.WantErrorNaming(t, run(context.Background(), nil, apitest.Env(tc.env), &bytes.Buffer{}), tc.want...)
		})
	}
	apitest.WantErrorNaming(t, run(context.Background(), []string{"serve"}, apitest.Env(nil), &bytes.Buffer{}), "unknown command")
}

func TestRunServesAndShutsDown(t *testing.T) {
	// An empty database: run applies the migrations itself.
	db := dbtest.New(t, nil)
	port := apitest.FreePort(t)
	env := apitest.Env(map[string]string{
		"DB_DSN":        db.DSN(),
		"PORT":          fmt.Sprint(port),
		"SERVICE_TOKEN": "svc",
		"JWT_SECRET":    "jwt-secret-jwt-secret-jwt-secret",
	})
	srv := apitest.Start(t, port, func(ctx context.Context, stdout io.Writer) error { return run(ctx, nil, env, stdout) })
	base, logs := srv.Base, srv.Logs

	// The schema is there and auth is wired.
	call := func(tok string) int {
		r, _ := http.NewRequest("GET", base+"/customers", nil)
		if tok != "" {
			r.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if s := call("svc"); s != http.StatusOK {
		t.Errorf("GET /customers with the service token: %d", s)
	}
	if s := call(""); s != http.StatusUnauthorized {
		t.Errorf("GET /customers without a token: %d", s)
	}

	if err := srv.Stop(t); err != nil {
		t.Fatalf("run after cancel: %v", err)
	}
	if _, err := http.Get(base + "/health"); err == nil {
		t.Error("still serving after shutdown")
	}
	// Logs are JSON lines and mention start and shutdown.
	var sawListening, sawShutdown bool
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("log line is not JSON: %q", line)
			continue
		}
		sawListening = sawListening || rec["msg"] == "listening"
		sawShutdown = sawShutdown || rec["msg"] == "shutting down"
	}
	if !sawListening || !sawShutdown {
		t.Errorf("logs lack listening/shutting down:\n%s", logs)
	}
	if strings.Contains(logs.String(), "svc\"") || strings.Contains(logs.String(), "Bearer") {
		t.Error("a token reached the logs")
	}
}

func TestMigrateCommand(t *testing.T) {
	db := dbtest.New(t, nil)
	// No secrets: migrating needs only the database.
	env := apitest.Env(map[string]string{"DB_DSN": db.DSN()})
	migrate := func(arg string) string {
		t.Helper()
		var out bytes.Buffer
		if err := run(context.Background(), []string{"migrate", arg}, env, &out); err != nil {
			t.Fatalf("migrate %s: %v", arg, err)
		}
		return strings.TrimSpace(out.String())
	}
	tables := func() int {
		var n int
		if err := db.Get(&n, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'customers'"); err != nil {
			t.Fatal(err)
		}
		return n
	}
	steps := []struct{ arg, want string }{
		{"version", "version 0 dirty=false"},
		{"up", "version 2 dirty=false"},
		{"up", "version 2 dirty=false"}, // nothing to do is fine
		{"version", "version 2 dirty=false"},
		{"down", "version 1 dirty=false"},
		{"down", "version 0 dirty=false"},
		{"up", "version 2 dirty=false"},
	}
	for _, s := range steps {
		if got := migrate(s.arg); got != s.want {
			t.Fatalf("migrate %s printed %q, want %q", s.arg, got, s.want)
		}
	}
	if tables() != 1 {
		t.Error("customers table missing after migrate up")
	}
	for _, bad := range [][]string{{"migrate"}, {"migrate", "sideways"}, {"migrate", "up", "extra"}} {
		if err := run(context.Background(), bad, env, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "usage") {
			t.Errorf("%v: %v", bad, err)
		}
	}
}

func TestMigrateUpCreatesTheDatabase(t *testing.T) {
	db := dbtest.New(t, nil)
	if _, err := db.Exec("DROP DATABASE " + "`" + db.Name + "`"); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"migrate", "up"}, apitest.Env(map[string]string{"DB_DSN": db.DSN()}), &out); err != nil {
		t.Fatalf("migrate up on a missing database: %v", err)
	}
	if !strings.Contains(out.String(), "version 2") {
		t.Errorf("printed %q", out.String())
	}
}
