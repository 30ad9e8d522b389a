package httpapi

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/b2b-backoffice/orchestrator/internal/checkout"
	"github.com/b2b-backoffice/orchestrator/internal/customers"
	"github.com/b2b-backoffice/orchestrator/internal/orders"
	"github.com/b2b-backoffice/platform/httpx"
)

// The orchestrator's request and answer paths, without the network:
// `make microbench` runs them with -benchmem.

var benchBody = []byte(`{"customer_id": 1, "items": [{"product_id": 2, "qty": 2}, {"product_id": 5, "qty": 1}], "idempotency_key": "abc-123", "correlation_id": "req-789"}`)

func BenchmarkDecodeRequest(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		var req checkout.Request
		if err := httpx.DecodeBytes(benchBody, &req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBodyCorrelationID is the middleware that reads the body's
// correlation_id before the access log starts.
func BenchmarkBodyCorrelationID(b *testing.B) {
	h := bodyCorrelationID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
	}))
	w := httptest.NewRecorder()
	b.ReportAllocs()
	for b.Loop() {
		r := httptest.NewRequest(http.MethodPost, "/orchestrator/create-and-confirm-order", bytes.NewReader(benchBody))
		h.ServeHTTP(w, r)
	}
}

// BenchmarkDecodeOrderAnswer is what the orders client does with each
// answer of orders-api (create, confirm).
func BenchmarkDecodeOrderAnswer(b *testing.B) {
	answer := []byte(`{"id":1234,"customer_id":1,"status":"CONFIRMED","total_cents":389700,"created_at":"2026-11-29T10:28:55.123Z","updated_at":"2026-11-29T10:28:55.145Z","confirmed_at":"2026-11-29T10:28:55.145Z","canceled_at":null,"items":[{"product_id":2,"qty":2,"unit_price_cents":129900,"subtotal_cents":259800},{"product_id":5,"qty":1,"unit_price_cents":129900,"subtotal_cents":129900}]}`)
	b.ReportAllocs()
	for b.Loop() {
		var o orders.Order
		if err := json.Unmarshal(answer, &o); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeSuccess(b *testing.B) {
	phone := "+1 555 0100"
	res := checkout.Result{
		Customer: customers.Customer{ID: 1, Name: "ACME", Email: "ops@acme.com", Phone: &phone},
		Order: orders.Order{ID: 1234, CustomerID: 1, Status: orders.StatusConfirmed, TotalCents: 389700,
			Items: []orders.Item{{ProductID: 2, Qty: 2, UnitPriceCents: 129900, SubtotalCents: 259800},
				{ProductID: 5, Qty: 1, UnitPriceCents: 129900, SubtotalCents: 129900}}},
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(successOf("req-789", res)); err != nil {
			b.Fatal(err)
		}
	}
}
