package orders

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/b2b-backoffice/platform/httpx"
)

// The request paths of POST /orders and confirm, without HTTP or SQL:
// `make microbench` runs them with -benchmem.

var benchOrderBody = []byte(`{"customer_id": 42, "items": [{"product_id": 7, "qty": 2}, {"product_id": 3, "qty": 1}, {"product_id": 12, "qty": 5}]}`)

func BenchmarkDecodeCreateOrder(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		var req CreateOrderRequest
		if err := httpx.DecodeBytes(benchOrderBody, &req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFingerprintCreateOrder is the idempotency fingerprint of a
// keyed create: the canonical body re-encoded, then hashed.
func BenchmarkFingerprintCreateOrder(b *testing.B) {
	var req CreateOrderRequest
	if err := httpx.DecodeBytes(benchOrderBody, &req); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		canon, err := json.Marshal(req)
		if err != nil {
			b.Fatal(err)
		}
		_ = Fingerprint(OpCreateOrder, nil, canon)
	}
}

func BenchmarkReserve(b *testing.B) {
	var req CreateOrderRequest
	if err := httpx.DecodeBytes(benchOrderBody, &req); err != nil {
		b.Fatal(err)
	}
	products := map[int64]Product{}
	for _, it := range req.Items {
		products[it.ProductID] = Product{ID: it.ProductID, PriceCents: 129900, Stock: 1000}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Reserve(req.Items, products); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodeOrder is the answer of create and confirm (stored with
// the idempotency key and sent as is).
func BenchmarkEncodeOrder(b *testing.B) {
	now := time.Date(2026, 11, 29, 10, 28, 55, 123_000_000, time.UTC)
	o := Order{ID: 1234, CustomerID: 42, Status: Confirmed, TotalCents: 1038600, CreatedAt: now, UpdatedAt: now, ConfirmedAt: &now,
		Items: []Item{{ProductID: 7, Qty: 2, UnitPriceCents: 129900, SubtotalCents: 259800},
			{ProductID: 3, Qty: 1, UnitPriceCents: 129900, SubtotalCents: 129900},
			{ProductID: 12, Qty: 5, UnitPriceCents: 129780, SubtotalCents: 648900}}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(o); err != nil {
			b.Fatal(err)
		}
	}
}
