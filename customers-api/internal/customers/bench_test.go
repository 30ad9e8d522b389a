package customers_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/b2b-backoffice/customers-api/internal/customers"
	"github.com/b2b-backoffice/platform/httpx"
)

// The request and answer paths of customers-api without HTTP or SQL:
// `make microbench` runs them with -benchmem.

func BenchmarkDecodeCreateCustomer(b *testing.B) {
	body := []byte(`{"name": "  ACME Corp ", "email": "ops@acme.com", "phone": "+1 555 0100"}`)
	b.ReportAllocs()
	for b.Loop() {
		var req customers.CreateRequest
		if err := httpx.DecodeBytes(body, &req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodeCustomer is the answer of GET /internal/customers/{id},
// which every order and every orchestrated flow asks for.
func BenchmarkEncodeCustomer(b *testing.B) {
	phone := "+1 555 0100"
	now := time.Date(2026, 11, 29, 10, 28, 55, 123_000_000, time.UTC)
	c := customers.Customer{ID: 1, Name: "ACME", Email: "ops@acme.com", Phone: &phone, CreatedAt: now, UpdatedAt: now}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(c); err != nil {
			b.Fatal(err)
		}
	}
}
