package httpapi_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/b2b-backoffice/orchestrator/internal/app"
	"github.com/b2b-backoffice/orchestrator/internal/config"
	"github.com/b2b-backoffice/orchestrator/internal/customers"
	"github.com/b2b-backoffice/orchestrator/internal/fakes"
	"github.com/b2b-backoffice/platform/apitest"
	"github.com/b2b-backoffice/platform/auth"
	"github.com/b2b-backoffice/platform/logging"
)

const (
	serviceToken = "test-service-token"
	jwtSecret    = "test-jwt-secret-0123456789abcdef0123"
	route        = "/orchestrator/create-and-confirm-order"
)

// env is one orchestrator in front of fake customers-api and orders-api:
// customer 1 (ACME), product 1 at 500 cents and product 2 at 129900, each
// with stock 50.
type env struct {
	t         *testing.T
	h         http.Handler
	customers *fakes.Customers
	orders    *fakes.Orders
	cfg       config.Config
	logs      *apitest.SyncBuffer
}

func newEnv(t *testing.T, opts ...func(*config.Config)) *env {
	t.Helper()
	e := &env{t: t, customers: fakes.NewCustomers(t, serviceToken), orders: fakes.NewOrders(t, serviceToken), logs: &apitest.SyncBuffer{}}
	phone := "+54 11 5555-0000"
	e.customers.Add(customers.Customer{ID: 1, Name: "ACME", Email: "ops@acme.com", Phone: &phone})
	e.orders.AddProduct(1, 500, 50)
	e.orders.AddProduct(2, 129900, 50)
	e.cfg = config.Config{
		CustomersAPI: e.customers.URL,
		OrdersAPI:    e.orders.URL,
		Auth:         auth.Config{ServiceToken: serviceToken, JWTSecret: jwtSecret, Required: true},
		Timeouts:     config.Timeouts{Total: 2 * time.Second, Attempt: 300 * time.Millisecond, MaxAttempts: 3, Compensation: time.Second},
	}
	for _, o := range opts {
		o(&e.cfg)
	}
	// The service's own logger, which stamps the request's ids on each line.
	log := logging.New(e.logs, "orchestrator", slog.LevelDebug)
	h, err := app.Handler(e.cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	e.h = h
	return e
}

// req is one call; the zero value is an operator "alice" POST to route.
type req struct {
	method, path string
	body         string
	// auth is the whole Authorization header; "" means alice's JWT, "-"
	// none.
	auth   string
	header map[string]string
}

func (e *env) do(r req) *httptest.ResponseRecorder {
	e.t.Helper()
	if r.method == "" {
		r.method = http.MethodPost
	}
	if r.path == "" {
		r.path = route
	}
	return apitest.Do(e.h, "Bearer "+operatorJWT(e.t, "alice"),
		apitest.Req{Method: r.method, Path: r.path, Body: r.body, Auth: r.auth, Header: r.header})
}

func operatorJWT(t testing.TB, sub string) string {
	t.Helper()
	tok, err := auth.Mint(jwtSecret, sub, "", "", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// order builds a request body.
func order(customerID int64, key string, items ...[2]int64) string {
	its := make([]map[string]int64, len(items))
	for i, it := range items {
		its[i] = map[string]int64{"product_id": it[0], "qty": it[1]}
	}
	b, _ := json.Marshal(map[string]any{"customer_id": customerID, "items": its, "idempotency_key": key})
	return string(b)
}

// success is the 201 body.
type success struct {
	Success       bool   `json:"success"`
	CorrelationID string `json:"correlationId"`
	Data          struct {
		Customer struct {
			ID    int64   `json:"id"`
			Name  string  `json:"name"`
			Email string  `json:"email"`
			Phone *string `json:"phone"`
		} `json:"customer"`
		Order struct {
			ID         int64  `json:"id"`
			Status     string `json:"status"`
			TotalCents int64  `json:"total_cents"`
			Items      []struct {
				ProductID      int64 `json:"product_id"`
				Qty            int   `json:"qty"`
				UnitPriceCents int64 `json:"unit_price_cents"`
				SubtotalCents  int64 `json:"subtotal_cents"`
			} `json:"items"`
		} `json:"order"`
	} `json:"data"`
}

// failure is the error body.
type failure struct {
	Success       *bool  `json:"success"`
	CorrelationID string `json:"correlationId"`
	Error         struct {
		Code        string          `json:"code"`
		Message     string          `json:"message"`
		Step        string          `json:"step"`
		Details     json.RawMessage `json:"details"`
		OrderID     int64           `json:"order_id"`
		Compensated *bool           `json:"compensated"`
	} `json:"error"`
}

func wantSuccess(t *testing.T, w *httptest.ResponseRecorder) success {
	t.Helper()
	if w.Code != http.StatusCreated {
		t.Fatalf("status %d, want 201; body %s", w.Code, w.Body.String())
	}
	s := decode[success](t, w)
	if !s.Success || s.CorrelationID == "" || s.CorrelationID != w.Header().Get("X-Correlation-Id") {
		t.Fatalf("success %v correlationId %q header %q", s.Success, s.CorrelationID, w.Header().Get("X-Correlation-Id"))
	}
	if s.Data.Order.Status != "CONFIRMED" {
		t.Fatalf("order status %q, want CONFIRMED", s.Data.Order.Status)
	}
	return s
}

// wantFailure checks the error envelope: status, code, step, and the
// members every failure carries.
func wantFailure(t *testing.T, w *httptest.ResponseRecorder, status int, code, step string) failure {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d; body %s", w.Code, status, w.Body.String())
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Fatalf("Content-Type %q, want application/json", ct)
	}
	f := decode[failure](t, w)
	if f.Success == nil || *f.Success || f.Error.Code != code || f.Error.Step != step || f.Error.Message == "" {
		t.Fatalf("failure %s, want code %s step %s", w.Body.String(), code, step)
	}
	if f.CorrelationID == "" || f.CorrelationID != w.Header().Get("X-Correlation-Id") {
		t.Fatalf("correlationId %q, header %q", f.CorrelationID, w.Header().Get("X-Correlation-Id"))
	}
	if !bytes.Contains(w.Body.Bytes(), []byte(`"details":`)) {
		t.Fatalf("body %s lacks the details member", w.Body.String())
	}
	return f
}

func decode[T any](t *testing.T, w *httptest.ResponseRecorder) T {
	t.Helper()
	return apitest.DecodeAs[T](t, w)
}
