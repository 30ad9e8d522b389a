package api

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestRequestsCarryTokenKeyAndStage(t *testing.T) {
	var seen []*http.Request
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		seen, bodies = append(seen, r), append(bodies, string(b))
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasSuffix(r.URL.Path, "create-and-confirm-order"):
			w.WriteHeader(201)
			_, _ = w.Write([]byte(`{"success":true,"correlationId":"c","data":{"order":{"id":7,"status":"CONFIRMED","items":[{"product_id":2,"qty":1}]}}}`))
		case r.URL.Path == "/orders":
			w.Header().Set("Idempotent-Replayed", "true")
			w.WriteHeader(201)
			_, _ = w.Write([]byte(`{"id":9,"status":"CREATED","items":[]}`))
		default:
			_, _ = w.Write([]byte(`{"data":[],"next_cursor":null}`))
		}
	}))
	defer srv.Close()
	c := New(Config{CustomersURL: srv.URL + "/", OrdersURL: srv.URL, OrchestratorURL: srv.URL, Stage: "/dev/", Token: "tok"})
	defer c.Close()
	ctx := context.Background()

	o, res := c.CreateAndConfirm(ctx, FlowRequest{CustomerID: 1, Items: []Item{{2, 1}}, IdempotencyKey: "k-1"})
	if !res.OK() || o.ID != 7 || o.Status != "CONFIRMED" {
		t.Fatalf("flow: %+v %+v", o, res)
	}
	_, res = c.CreateOrder(ctx, "key-2", OrderRequest{CustomerID: 1, Items: []Item{{2, 1}}})
	if !res.OK() || !res.Replayed {
		t.Fatalf("create: %+v", res)
	}
	from := time.Date(2026, 1, 2, 3, 4, 5, 6e6, time.UTC)
	if _, res = c.ListOrders(ctx, from, "abc"); !res.OK() {
		t.Fatalf("list: %+v", res)
	}

	if got := seen[0].URL.Path; got != "/dev/orchestrator/create-and-confirm-order" {
		t.Errorf("flow path %q", got)
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(bodies[0]), &body); err != nil || body["idempotency_key"] != "k-1" {
		t.Errorf("flow body %s", bodies[0])
	}
	for i, r := range seen {
		if r.Header.Get("Authorization") != "Bearer tok" {
			t.Errorf("request %d: Authorization %q", i, r.Header.Get("Authorization"))
		}
	}
	if seen[1].Header.Get("X-Idempotency-Key") != "key-2" || seen[1].Header.Get("Content-Type") != "application/json" {
		t.Errorf("create headers %v", seen[1].Header)
	}
	if q := seen[2].URL.Query(); q.Get("from") != "2026-01-02T03:04:05.006Z" || q.Get("cursor") != "abc" || q.Get("limit") != "100" {
		t.Errorf("list query %v", q)
	}
}

func TestFailuresAreClassified(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/orchestrator/create-and-confirm-order":
			w.WriteHeader(409)
			_, _ = w.Write([]byte(`{"success":false,"error":{"code":"insufficient_stock","step":"create_order"}}`))
		case "/products/1":
			w.WriteHeader(200)
			_, _ = w.Write([]byte(`{"id":`)) // truncated
		default:
			w.WriteHeader(404)
			_, _ = w.Write([]byte(`{"status":404,"code":"order_not_found"}`))
		}
	}))
	defer srv.Close()
	c := New(Config{CustomersURL: srv.URL, OrdersURL: srv.URL, OrchestratorURL: srv.URL})
	ctx := context.Background()
	if _, res := c.CreateAndConfirm(ctx, FlowRequest{}); res.OK() || res.Status != 409 || res.Code != "insufficient_stock" {
		t.Errorf("orchestrator error: %+v", res)
	}
	if _, res := c.GetOrder(ctx, 5); res.Status != 404 || res.Code != "order_not_found" || !strings.Contains(res.Describe(), "order_not_found") {
		t.Errorf("problem: %+v", res)
	}
	if _, res := c.GetProduct(ctx, 1); res.OK() || res.Status != 200 || res.Err == nil || res.IsTransport() {
		t.Errorf("undecodable 200: %+v", res)
	}
	srv.Close()
	if _, res := c.GetOrder(ctx, 5); !res.IsTransport() || res.Status != 0 || !strings.HasPrefix(res.Describe(), "transport error") {
		t.Errorf("closed server: %+v", res)
	}
}

func TestOrchestratorSuccessWithoutOrderIsMalformed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(201)
		_, _ = w.Write([]byte(`{"success":true,"data":{}}`))
	}))
	defer srv.Close()
	c := New(Config{OrchestratorURL: srv.URL})
	if _, res := c.CreateAndConfirm(context.Background(), FlowRequest{}); res.OK() || res.Err == nil {
		t.Fatalf("a 201 without an order passed: %+v", res)
	}
}

func TestErrorCode(t *testing.T) {
	cases := map[string]string{
		`{"code":"insufficient_stock"}`:                         "insufficient_stock",
		`{"success":false,"error":{"code":"upstream_timeout"}}`: "upstream_timeout",
		`{"error":null}`: "",
		`not json`:       "",
		``:               "",
		`{"code":5}`:     "",
		`[]`:             "",
	}
	for in, want := range cases {
		if got := ErrorCode([]byte(in)); got != want {
			t.Errorf("ErrorCode(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzErrorCode: any bytes a broken server sends must neither panic nor
// yield a code unless they are a JSON document.
func FuzzErrorCode(f *testing.F) {
	for _, s := range []string{`{"code":"x"}`, `{"error":{"code":"y"}}`, `{"code":"","error":{"code":"z"}}`, `{`, `null`, "\x00\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if code := ErrorCode(b); code != "" && !json.Valid(b) {
			t.Fatalf("code %q from invalid JSON %q", code, b)
		}
	})
}
