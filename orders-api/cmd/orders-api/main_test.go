package main

import (
	"bytes"
	"context"
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
		{"no service token", map[string]string{"JWT_SECRET": "j"}, []string{"SERVICE_TOKEN is required"}},
		{"bad values, all reported", map[string]string{"SERVICE_TOKEN": "s", "JWT_SECRET": "j", "PORT": "0",
			"CANCEL_WINDOW": "ten minutes", "IDEMPOTENCY_TTL": "-1h", "CUSTOMERS_API_BASE": "localhost:3001", "LOG_LEVEL": "loud"},
			[]string{"PORT", "CANCEL_WINDOW", "IDEMPOTENCY_TTL", "CUSTOMERS_API_BASE", "LOG_LEVEL"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			apitest.WantErrorNaming(t, run(context.Background(), nil, apitest.Env(c.env), &bytes.Buffer{}), c.want...)
		})
	}
	apitest.WantErrorNaming(t, run(context.Background(), []string{"serve"}, apitest.Env(nil), &bytes.Buffer{}), "unknown command")
}

func TestRunServesAndShutsDown(t *testing.T) {
	db := dbtest.New(t, nil) // empty: run applies the migrations
	port := apitest.FreePort(t)
	env := apitest.Env(map[string]string{
		"DB_DSN": db.DSN(), "PORT": fmt.Sprint(port), "SERVICE_TOKEN": "svc",
		"JWT_SECRET": "jwt-secret-jwt-secret-jwt-secret", "CUSTOMERS_API_URL": "http://127.0.0.1:1",
	})
	srv := apitest.Start(t, port, func(ctx context.Context, stdout io.Writer) error { return run(ctx, nil, env, stdout) })
	base, logs := srv.Base, srv.Logs
	call := func(method, path, tok, body string) int {
		r, _ := http.NewRequest(method, base+path, strings.NewReader(body))
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
	if s := call("GET", "/products", "svc", ""); s != http.StatusOK {
		t.Errorf("GET /products with the service token: %d", s)
	}
	if s := call("GET", "/orders", "", ""); s != http.StatusUnauthorized {
		t.Errorf("GET /orders without a token: %d", s)
	}
	// CUSTOMERS_API_URL (the alias) points at a closed port: 502.
	if s := call("POST", "/orders", "svc", `{"customer_id":1,"items":[{"product_id":1,"qty":1}]}`); s != http.StatusBadGateway {
		t.Errorf("POST /orders with customers-api down: %d", s)
	}
	if err := srv.Stop(t); err != nil {
		t.Fatalf("run after cancel: %v", err)
	}
	if !strings.Contains(logs.String(), `"msg":"shutting down"`) {
		t.Errorf("no shutdown in the logs:\n%s", logs)
	}
	if strings.Contains(logs.String(), "Bearer") || strings.Contains(logs.String(), `svc"`) {
		t.Error("a token reached the logs")
	}
}

func TestMigrateCommand(t *testing.T) {
	db := dbtest.New(t, nil)
	env := apitest.Env(map[string]string{"DB_DSN": db.DSN()}) // no secrets needed
	for _, s := range []struct{ arg, want string }{
		{"version", "version 0 dirty=false"},
		{"up", "version 1 dirty=false"},
		{"down", "version 0 dirty=false"},
		{"up", "version 1 dirty=false"},
	} {
		var out bytes.Buffer
		if err := run(context.Background(), []string{"migrate", s.arg}, env, &out); err != nil {
			t.Fatalf("migrate %s: %v", s.arg, err)
		}
		if got := strings.TrimSpace(out.String()); got != s.want {
			t.Fatalf("migrate %s printed %q, want %q", s.arg, got, s.want)
		}
	}
	var n int
	if err := db.Get(&n, `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()
		AND table_name IN ('products', 'orders', 'order_items', 'idempotency_keys')`); err != nil || n != 4 {
		t.Errorf("%d tables (%v), want 4", n, err)
	}
	if err := run(context.Background(), []string{"migrate", "sideways"}, env, &bytes.Buffer{}); err == nil {
		t.Error("migrate sideways accepted")
	}
}
