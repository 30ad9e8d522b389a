package httpapi_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/b2b-backoffice/orders-api/internal/customers"
	"github.com/b2b-backoffice/orders-api/internal/httpapi"
	"github.com/b2b-backoffice/orders-api/internal/store"
	"github.com/b2b-backoffice/orders-api/migrations"
	"github.com/b2b-backoffice/platform/apitest"
	"github.com/b2b-backoffice/platform/auth"
	"github.com/b2b-backoffice/platform/dbtest"
	"github.com/b2b-backoffice/platform/problem"
	"github.com/b2b-backoffice/platform/svcclient"
)

const (
	serviceToken = "test-service-token"
	jwtSecret    = "test-jwt-secret-0123456789abcdef0123"
	window       = 10 * time.Minute
	ttl          = 24 * time.Hour
)

// clock is the store's clock: the real time plus an offset, or a fixed
// instant once set.
type clock struct {
	mu     sync.Mutex
	fixed  time.Time
	offset time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.fixed.IsZero() {
		return c.fixed
	}
	return time.Now().Add(c.offset)
}

// Set fixes the clock at t.
func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fixed = t.UTC()
}

// Advance moves the clock forward.
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fixed.IsZero() {
		c.offset += d
	} else {
		c.fixed = c.fixed.Add(d)
	}
}

// fakeCustomers is a customers-api that knows customers 1..9 and counts
// its lookups; it checks the service token like the real one.
type fakeCustomers struct {
	srv   *httptest.Server
	calls atomic.Int64
}

func newFakeCustomers(t *testing.T) *fakeCustomers {
	f := &fakeCustomers{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.calls.Add(1)
		if r.Header.Get("Authorization") != "Bearer "+serviceToken {
			problem.Write(w, problem.New(problem.Unauthorized, "bad token"), "")
			return
		}
		var id int
		if _, err := fmt.Sscanf(r.URL.Path, "/internal/customers/%d", &id); err != nil || r.Method != http.MethodGet {
			problem.Write(w, problem.New(problem.NotFound, "no route"), "")
			return
		}
		if id < 1 || id > 9 {
			problem.Write(w, problem.New(problem.CustomerNotFound, "customer not found"), "")
			return
		}
		fmt.Fprintf(w, `{"id":%d,"name":"ACME","email":"ops@acme.com","phone":null}`, id)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// env is one orders-api over a fresh database and a fake customers-api.
type env struct {
	t         *testing.T
	h         http.Handler
	db        *dbtest.DB
	store     *store.Store
	clock     *clock
	customers *fakeCustomers
	op        string // a valid operator JWT (subject alice)
	logs      *apitest.SyncBuffer
}

type envOpt struct {
	customersURL string
	// lookup bounds the customer lookup (default 5s: generous, as the
	// race detector and parallel tests slow everything down).
	lookup time.Duration
}

// newEnv serves httpapi.New over a fresh migrated database with auth
// required and short customers-api timeouts.
func newEnv(t *testing.T, opts ...func(*envOpt)) *env {
	t.Helper()
	db := dbtest.New(t, migrations.FS)
	fc := newFakeCustomers(t)
	o := envOpt{customersURL: fc.srv.URL, lookup: 5 * time.Second}
	for _, f := range opts {
		f(&o)
	}
	logs := &apitest.SyncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	authn, err := auth.New(auth.Config{ServiceToken: serviceToken, JWTSecret: jwtSecret, Required: true}, log)
	if err != nil {
		t.Fatal(err)
	}
	op, err := auth.Mint(jwtSecret, "alice", "", "", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{}
	st := store.New(db.DB, store.Options{Now: clk.Now, CancelWindow: window, IdempotencyTTL: ttl})
	cc := customers.New(o.customersURL, serviceToken, customers.Options{
		Deadline: o.lookup,
		Call:     svcclient.Options{AttemptTimeout: o.lookup * 2 / 5, MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond},
	})
	return &env{t: t, h: httpapi.New(st, cc, authn, log), db: db, store: st, clock: clk, customers: fc, op: op, logs: logs}
}

// req describes one call; the zero value is an operator call with no body.
type req struct {
	method, path string
	body         string
	// auth is the whole Authorization header; "" means the operator JWT,
	// "-" means none.
	auth string
	// key is sent as X-Idempotency-Key when not empty.
	key    string
	header map[string]string
}

// do runs r against the handler.
func (e *env) do(r req) *httptest.ResponseRecorder {
	h := r.header
	if r.key != "" {
		h = map[string]string{"X-Idempotency-Key": r.key}
		for k, v := range r.header {
			h[k] = v
		}
	}
	return apitest.Do(e.h, "Bearer "+e.op, apitest.Req{Method: r.method, Path: r.path, Body: r.body, Auth: r.auth, Header: h})
}

// product is the wire shape of a product.
type product struct {
	ID         int64  `json:"id"`
	SKU        string `json:"sku"`
	Name       string `json:"name"`
	PriceCents int64  `json:"price_cents"`
	Stock      int64  `json:"stock"`
	CreatedAt  string `json:"created_at"`
	UpdatedAt  string `json:"updated_at"`
}

// order is the wire shape of an order.
type order struct {
	ID          int64   `json:"id"`
	CustomerID  int64   `json:"customer_id"`
	Status      string  `json:"status"`
	TotalCents  int64   `json:"total_cents"`
	CreatedAt   string  `json:"created_at"`
	UpdatedAt   string  `json:"updated_at"`
	ConfirmedAt *string `json:"confirmed_at"`
	CanceledAt  *string `json:"canceled_at"`
	Items       []item  `json:"items"`
}

type item struct {
	ProductID      int64 `json:"product_id"`
	Qty            int64 `json:"qty"`
	UnitPriceCents int64 `json:"unit_price_cents"`
	SubtotalCents  int64 `json:"subtotal_cents"`
}

var skuSeq atomic.Int64

// product creates a product with a fresh sku and fails unless 201.
func (e *env) product(price, stock int64) product {
	e.t.Helper()
	sku := fmt.Sprintf("SKU-%d", skuSeq.Add(1))
	w := e.do(req{method: "POST", path: "/products",
		body: fmt.Sprintf(`{"sku":%q,"name":"Product %s","price_cents":%d,"stock":%d}`, sku, sku, price, stock)})
	wantStatus(e.t, w, http.StatusCreated)
	return decodeAs[product](e.t, w)
}

// stock reads a product's stock from the database.
func (e *env) stock(id int64) int64 {
	e.t.Helper()
	var n int64
	if err := e.db.Get(&n, "SELECT stock FROM products WHERE id = ?", id); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// count counts the rows of a table.
func (e *env) count(table string) int {
	e.t.Helper()
	var n int
	if err := e.db.Get(&n, "SELECT COUNT(*) FROM "+table); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// orderBody is a POST /orders body for customer 1.
func orderBody(lines ...[2]int64) string {
	parts := make([]string, len(lines))
	for i, l := range lines {
		parts[i] = fmt.Sprintf(`{"product_id":%d,"qty":%d}`, l[0], l[1])
	}
	return `{"customer_id":1,"items":[` + strings.Join(parts, ",") + `]}`
}

// place creates an order and fails unless 201.
func (e *env) place(lines ...[2]int64) order {
	e.t.Helper()
	w := e.do(req{method: "POST", path: "/orders", body: orderBody(lines...)})
	wantStatus(e.t, w, http.StatusCreated)
	return decodeAs[order](e.t, w)
}

func (e *env) confirm(id int64, key string) *httptest.ResponseRecorder {
	return e.do(req{method: "POST", path: fmt.Sprintf("/orders/%d/confirm", id), key: key})
}

func (e *env) cancel(id int64) *httptest.ResponseRecorder {
	return e.do(req{method: "POST", path: fmt.Sprintf("/orders/%d/cancel", id)})
}

// Shorthands of the shared assertions.
var wantStatus = apitest.WantStatus
var wantProblem = apitest.WantProblem
var wantField = apitest.WantField

func decodeAs[T any](t testing.TB, w *httptest.ResponseRecorder) T {
	t.Helper()
	return apitest.DecodeAs[T](t, w)
}

// shortage is one entry of insufficient_stock's details.
type shortage struct {
	ProductID int64 `json:"product_id"`
	Requested int64 `json:"requested"`
	Available int64 `json:"available"`
}

// shortages decodes the details of an insufficient_stock problem.
func shortages(t testing.TB, w *httptest.ResponseRecorder) []shortage {
	t.Helper()
	return apitest.DecodeAs[struct {
		Details []shortage `json:"details"`
	}](t, w).Details
}
