package checkout_test

import (
	"strings"
	"testing"

	"github.com/b2b-backoffice/orchestrator/internal/checkout"
	"github.com/b2b-backoffice/platform/httpx"
	"github.com/b2b-backoffice/platform/problem"
)

// FuzzDecodeRequest feeds arbitrary bodies to the request decoder: it must
// never panic, must fail only with a 400 problem, and must accept only
// requests that keep every rule.
func FuzzDecodeRequest(f *testing.F) {
	for _, s := range []string{
		`{"customer_id":1,"items":[{"product_id":2,"qty":1}],"idempotency_key":"abc-123"}`,
		`{"customer_id":1,"items":[{"product_id":2,"qty":1},{"product_id":2,"qty":1}],"idempotency_key":"k"}`,
		`{"customer_id":1,"items":[{"product_id":2,"qty":10001}],"idempotency_key":"k","correlation_id":"req-789"}`,
		`{"customer_id":"1","items":[],"idempotency_key":""}`,
		`{"customer_id":1e3,"items":null,"idempotency_key":"k k"}`,
		`{"customer_id":1,"items":[{"product_id":2,"qty":1}],"idempotency_key":"k","correlation_id":"a\u0000b"}`,
		`{"customer_id":1,"items":[{"product_id":-2,"qty":1.5}],"idempotency_key":"k"}`,
		`{"customer_id":1,"items":[{"product_id":2,"qty":1}],"idempotency_key":"k","x":1}`,
		`{"customer_id":1,`, `[]`, `null`, ``, `{}`, `{"items":[{}]}`, "\xff",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var req checkout.Request
		err := httpx.DecodeBytes(body, &req)
		if err != nil {
			pe, ok := problem.As(err)
			if !ok || pe.Status() != 400 {
				t.Fatalf("error %v is not a 400 problem", err)
			}
			return
		}
		if req.CustomerID <= 0 || len(req.Items) < 1 || len(req.Items) > 100 || !checkout.ValidKey(req.IdempotencyKey) {
			t.Fatalf("accepted %+v", req)
		}
		if c := req.CorrelationID; c != nil && (len(*c) > 128 || !checkout.HeaderSafe(*c)) {
			t.Fatalf("accepted correlation id %q", *c)
		}
		seen := map[int64]bool{}
		for _, it := range req.Items {
			if it.ProductID <= 0 || it.Qty < 1 || it.Qty > 10000 || seen[it.ProductID] {
				t.Fatalf("accepted item %+v in %+v", it, req.Items)
			}
			seen[it.ProductID] = true
		}
	})
}

func TestValidKey(t *testing.T) {
	for _, tc := range []struct {
		key string
		ok  bool
	}{
		{"a", true}, {"A.b_c:d-9", true}, {strings.Repeat("k", 200), true},
		{"", false}, {strings.Repeat("k", 201), false}, {"a b", false}, {"a/b", false}, {"ñ", false},
	} {
		if got := checkout.ValidKey(tc.key); got != tc.ok {
			t.Errorf("ValidKey(%q) = %v, want %v", tc.key, got, tc.ok)
		}
	}
}
