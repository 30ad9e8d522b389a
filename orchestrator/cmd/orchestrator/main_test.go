package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/b2b-backoffice/platform/apitest"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestRunRefusesAnUnusableConfiguration(t *testing.T) {
	err := run(context.Background(), nil, envOf(map[string]string{"ORDERS_API_BASE": "orders:3002"}), &bytes.Buffer{})
	for _, want := range []string{"SERVICE_TOKEN", "JWT_SECRET", "ORDERS_API_BASE"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not name %s", err, want)
		}
	}
	if err := run(context.Background(), []string{"serve"}, envOf(nil), &bytes.Buffer{}); err == nil {
		t.Error("an unknown argument was accepted")
	}
}

func TestRunServesAndShutsDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	env := envOf(map[string]string{"PORT": fmt.Sprint(port), "SERVICE_TOKEN": "svc",
		"JWT_SECRET": "jwt-secret-jwt-secret-jwt-secret", "CUSTOMERS_API_URL": "http://127.0.0.1:1"})
	logs := &apitest.SyncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, nil, env, logs) }()
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	apitest.WaitReady(t, base+"/ready", done, logs)

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
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run after shutdown: %v\n%s", err, logs)
	}
	if !strings.Contains(logs.String(), `"correlation_id"`) {
		t.Fatalf("logs lack correlation ids:\n%s", logs)
	}
}
