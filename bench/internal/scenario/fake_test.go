package scenario

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/b2b-backoffice/bench/internal/api"
)

// fake is an in-memory stand-in for the three services that speaks the
// contract's shapes (SPEC §3–§6), with switches that break it on purpose
// so the tests can see the invariant checks catch each kind of bug.
type fake struct {
	mu        sync.Mutex
	customers int64
	products  map[int64]*api.Product
	orders    map[int64]*fakeOrder
	keys      map[string]int64
	nextID    int64

	// Bugs.
	oversell    bool // skip the stock check
	ignoreKeys  bool // every replay places a new order
	leakStock   bool // take one unit too many per line
	serverError bool // answer every tenth flow with a 500
	flows       int
}

type fakeOrder struct {
	api.Order
	CreatedAt time.Time `json:"created_at"`
}

func newFake(t *testing.T) (*fake, *api.Client) {
	f := &fake{products: map[int64]*api.Product{}, orders: map[int64]*fakeOrder{}, keys: map[string]int64{}}
	srv := httptest.NewServer(f.routes())
	t.Cleanup(srv.Close)
	c := api.New(api.Config{CustomersURL: srv.URL, OrdersURL: srv.URL, OrchestratorURL: srv.URL, Stage: "/dev", Token: "tok"})
	t.Cleanup(c.Close)
	return f, c
}

func (f *fake) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /customers", func(w http.ResponseWriter, r *http.Request) {
		var in api.Customer
		_ = json.NewDecoder(r.Body).Decode(&in)
		f.mu.Lock()
		f.customers++
		in.ID = f.customers
		f.mu.Unlock()
		writeJSON(w, 201, in)
	})
	mux.HandleFunc("POST /products", func(w http.ResponseWriter, r *http.Request) {
		var in api.Product
		_ = json.NewDecoder(r.Body).Decode(&in)
		f.mu.Lock()
		f.nextID++
		in.ID, in.CreatedAt = f.nextID, time.Now().UTC()
		p := in
		f.products[p.ID] = &p
		f.mu.Unlock()
		writeJSON(w, 201, in)
	})
	mux.HandleFunc("GET /products/{id}", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		p, ok := f.products[pathID(r)]
		if !ok {
			problem(w, 404, "product_not_found")
			return
		}
		writeJSON(w, 200, p)
	})
	mux.HandleFunc("POST /orders", func(w http.ResponseWriter, r *http.Request) {
		var in api.OrderRequest
		_ = json.NewDecoder(r.Body).Decode(&in)
		o, code := f.place(r.Header.Get("X-Idempotency-Key"), "create:", in.CustomerID, in.Items)
		if code != "" {
			problem(w, 409, code)
			return
		}
		writeJSON(w, 201, o)
	})
	mux.HandleFunc("POST /orders/{id}/confirm", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Idempotency-Key") == "" {
			problem(w, 400, "missing_idempotency_key")
			return
		}
		o, ok := f.confirm(pathID(r))
		if !ok {
			problem(w, 404, "order_not_found")
			return
		}
		writeJSON(w, 200, o)
	})
	mux.HandleFunc("GET /orders/{id}", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		o, ok := f.orders[pathID(r)]
		if !ok {
			problem(w, 404, "order_not_found")
			return
		}
		writeJSON(w, 200, o)
	})
	mux.HandleFunc("GET /orders", func(w http.ResponseWriter, r *http.Request) {
		from, _ := time.Parse(time.RFC3339Nano, r.URL.Query().Get("from"))
		after, _ := strconv.ParseInt(r.URL.Query().Get("cursor"), 10, 64)
		f.mu.Lock()
		defer f.mu.Unlock()
		page := struct {
			Data       []*fakeOrder `json:"data"`
			NextCursor *string      `json:"next_cursor"`
		}{Data: []*fakeOrder{}}
		for id := after + 1; id <= f.nextID; id++ {
			o, ok := f.orders[id]
			if !ok || o.CreatedAt.Before(from) {
				continue
			}
			if len(page.Data) == 100 {
				c := strconv.FormatInt(page.Data[99].ID, 10)
				page.NextCursor = &c
				break
			}
			page.Data = append(page.Data, o)
		}
		writeJSON(w, 200, page)
	})
	mux.HandleFunc("POST /dev/orchestrator/create-and-confirm-order", func(w http.ResponseWriter, r *http.Request) {
		var in api.FlowRequest
		_ = json.NewDecoder(r.Body).Decode(&in)
		f.mu.Lock()
		f.flows++
		fail := f.serverError && f.flows%10 == 0
		f.mu.Unlock()
		if fail {
			problem(w, 500, "internal_error")
			return
		}
		o, code := f.place(in.IdempotencyKey, "flow:", in.CustomerID, in.Items)
		if code != "" {
			writeJSON(w, 409, map[string]any{"success": false, "error": map[string]any{"code": code, "step": "create_order"}})
			return
		}
		c, _ := f.confirm(o.ID)
		writeJSON(w, 201, map[string]any{"success": true, "correlationId": "c",
			"data": map[string]any{"customer": map[string]any{"id": in.CustomerID}, "order": c}})
	})
	return auth(mux)
}

func (f *fake) place(key, scope string, customerID int64, items []api.Item) (fakeOrder, string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if id, ok := f.keys[scope+key]; ok && key != "" && !f.ignoreKeys {
		return *f.orders[id], ""
	}
	for _, it := range items {
		p := f.products[it.ProductID]
		if p == nil {
			return fakeOrder{}, "product_not_found"
		}
		if p.Stock < it.Qty && !f.oversell {
			return fakeOrder{}, "insufficient_stock"
		}
	}
	f.nextID++
	o := &fakeOrder{Order: api.Order{ID: f.nextID, CustomerID: customerID, Status: "CREATED"}, CreatedAt: time.Now().UTC()}
	for _, it := range items {
		p := f.products[it.ProductID]
		p.Stock -= it.Qty
		if f.leakStock {
			p.Stock--
		}
		o.Items = append(o.Items, api.OrderItem{ProductID: it.ProductID, Qty: it.Qty, UnitPriceCents: p.PriceCents, SubtotalCents: it.Qty * p.PriceCents})
	}
	f.orders[o.ID] = o
	if key != "" {
		f.keys[scope+key] = o.ID
	}
	return *o, ""
}

func (f *fake) confirm(id int64) (fakeOrder, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	o, ok := f.orders[id]
	if !ok {
		return fakeOrder{}, false
	}
	o.Status = "CONFIRMED"
	return *o, true
}

func auth(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" {
			problem(w, 401, "unauthorized")
			return
		}
		h.ServeHTTP(w, r)
	})
}

func pathID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func problem(w http.ResponseWriter, status int, code string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"status":%d,"code":%q,"detail":"fake"}`, status, code)
}
