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
)

func TestRunRefusesAnUnusableConfiguration(t *testing.T) {
	err := run(context.Background(), nil, apitest.Env(map[string]string{"ORDERS_API_BASE": "orders:3002"}), &bytes.Buffer{})
	apitest.WantErrorNaming(t, err, "SERVICE_TOKEN", "JWT_SECRET", "ORDERS_API_BASE")
	apitest.WantErrorNaming(t, run(context.Background(), []string{"serve"}, apitest.Env(nil), &bytes.Buffer{}), "unknown argument")
}

func TestRunServesAndShutsDown(t *testing.T) {
	port := apitest.FreePort(t)
	env := apitest.Env(map[string]string{"PORT": fmt.Sprint(port), "SERVICE_TOKEN": "svc",
		"JWT_SECRET": "jwt-secret-jwt-secret-jwt-secret", "CUSTOMERS_API_URL": "http://127.0.0.1:1"})
	srv := apitest.Start(t, port, func(ctx context.Context, stdout io.Writer) error { return run(ctx, nil, env, stdout) })
	base, logs := srv.Base, srv.Logs

	// The whole stack is wired: an unreachable customers-api is a 502 in
	// the envelope, not a crash.
	req, _ := http.NewRequest("POST", base+"/orchestrator/create-and-confirm-order",
		strings.NewReader(`{"customer_id":1,"items":[{"product_id":2,"qty":1}],"idempotency_key":"k"}`))
	req.Header.Set("Authorization", "Bearer svc")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusBadGateway || res.Header.Get("X-Correlation-Id") == "" {
		t.Fatalf("status %d, correlation %q", res.StatusCode, res.Header.Get("X-Correlation-Id"))
	}
	if err := srv.Stop(t); err != nil {
		t.Fatalf("run after shutdown: %v\n%s", err, logs)
	}
	if !strings.Contains(logs.String(), `"correlation_id"`) {
		t.Fatalf("logs lack correlation ids:\n%s", logs)
	}
}
