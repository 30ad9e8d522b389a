package fakes

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"testing"

	"github.com/b2b-backoffice/orchestrator/internal/orders"
	"github.com/b2b-backoffice/platform/problem"
)

// Orders is a fake orders-api: POST /orders, /orders/{id}/confirm and
// /orders/{id}/cancel with stock and idempotency keys.
type Orders struct {
	recorder
	URL      string
	products map[int64]*product
	orders   map[int64]*orders.Order
	keys     map[string]stored
}

type product struct{ price, stock int64 }

// stored is a remembered answer of a keyed request.
type stored struct {
	fingerprint string
	status      int
	body        []byte
}

// NewOrders starts a fake orders-api that accepts token.
func NewOrders(t testing.TB, token string) *Orders {
	o := &Orders{recorder: recorder{token: token}, products: map[int64]*product{},
		orders: map[int64]*orders.Order{}, keys: map[string]stored{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /orders", o.keyed("create", false, o.create))
	mux.HandleFunc("POST /orders/{id}/confirm", o.keyed("confirm", true, o.confirm))
	mux.HandleFunc("POST /orders/{id}/cancel", o.keyed("cancel", false, o.cancel))
	mux.HandleFunc("GET /orders/{id}", o.get)
	o.URL = serve(t, o.wrap(mux)).URL
	return o
}

// AddProduct registers a product.
func (o *Orders) AddProduct(id, priceCents, stock int64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.products[id] = &product{price: priceCents, stock: stock}
}

// Stock returns a product's stock.
func (o *Orders) Stock(id int64) int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.products[id].stock
}

// Orders returns every order, by id.
func (o *Orders) Orders() []orders.Order {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := make([]orders.Order, 0, len(o.orders))
	for _, ord := range o.orders {
		out = append(out, *ord)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// handler is one operation; it runs under the lock and returns the status
// and body to send (a *problem.Error for a failure).
type handler func(r *http.Request, body []byte) (int, any)

// keyed implements SPEC §6 around h: same key and request → the stored
// answer, replayed; same key, other request → 422; failures store nothing.
func (o *Orders) keyed(op string, keyRequired bool, h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("X-Idempotency-Key")
		if key == "" && keyRequired {
			writeProblem(w, problem.New(problem.MissingIdempotencyKey, "X-Idempotency-Key is required"))
			return
		}
		body, _ := readAll(r)
		fp := op + " " + r.URL.Path + " " + string(body)
		o.mu.Lock()
		defer o.mu.Unlock()
		if key != "" {
			if s, ok := o.keys[op+"/"+key]; ok {
				if s.fingerprint != fp {
					writeProblem(w, problem.New(problem.IdempotencyKeyReused, "the key was used for another request"))
					return
				}
				w.Header().Set("Idempotent-Replayed", "true")
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(s.status)
				_, _ = w.Write(s.body)
				return
			}
		}
		status, out := h(r, body)
		if pe, ok := out.(*problem.Error); ok {
			writeProblem(w, pe)
			return
		}
		b := writeJSON(w, status, out)
		if key != "" {
			o.keys[op+"/"+key] = stored{fingerprint: fp, status: status, body: b}
		}
	}
}

func (o *Orders) create(_ *http.Request, body []byte) (int, any) {
	var req orders.CreateRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return 0, problem.New(problem.InvalidJSON, "bad body")
	}
	type short struct {
		ProductID int64 `json:"product_id"`
		Requested int64 `json:"requested"`
		Available int64 `json:"available"`
	}
	var shorts []short
	for _, l := range req.Items {
		p, ok := o.products[l.ProductID]
		if !ok {
			return 0, problem.Newf(problem.ProductNotFound, "product %d not found", l.ProductID)
		}
		if p.stock < int64(l.Qty) {
			shorts = append(shorts, short{l.ProductID, int64(l.Qty), p.stock})
		}
	}
	if len(shorts) > 0 {
		e := problem.New(problem.InsufficientStock, "not enough stock")
		e.Details = shorts
		return 0, e
	}
	ord := &orders.Order{ID: int64(len(o.orders) + 1), CustomerID: req.CustomerID, Status: orders.StatusCreated}
	for _, l := range req.Items {
		p := o.products[l.ProductID]
		p.stock -= int64(l.Qty)
		it := orders.Item{ProductID: l.ProductID, Qty: l.Qty, UnitPriceCents: p.price, SubtotalCents: p.price * int64(l.Qty)}
		ord.Items = append(ord.Items, it)
		ord.TotalCents += it.SubtotalCents
	}
	o.orders[ord.ID] = ord
	return http.StatusCreated, *ord
}

func (o *Orders) order(r *http.Request) (*orders.Order, *problem.Error) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	ord, ok := o.orders[id]
	if !ok {
		return nil, problem.New(problem.OrderNotFound, fmt.Sprintf("order %d not found", id))
	}
	return ord, nil
}

func (o *Orders) confirm(r *http.Request, _ []byte) (int, any) {
	ord, pe := o.order(r)
	if pe != nil {
		return 0, pe
	}
	if ord.Status == orders.StatusCanceled {
		return 0, problem.New(problem.InvalidState, "the order is canceled")
	}
	ord.Status = orders.StatusConfirmed
	return http.StatusOK, *ord
}

func (o *Orders) cancel(r *http.Request, _ []byte) (int, any) {
	ord, pe := o.order(r)
	if pe != nil {
		return 0, pe
	}
	if ord.Status != orders.StatusCanceled {
		for _, it := range ord.Items {
			o.products[it.ProductID].stock += int64(it.Qty)
		}
		ord.Status = orders.StatusCanceled
	}
	return http.StatusOK, *ord
}

func (o *Orders) get(w http.ResponseWriter, r *http.Request) {
	o.mu.Lock()
	defer o.mu.Unlock()
	ord, pe := o.order(r)
	if pe != nil {
		writeProblem(w, pe)
		return
	}
	writeJSON(w, http.StatusOK, *ord)
}

// Cancel cancels an order as an operator would, restoring its stock.
func (o *Orders) Cancel(id int64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if ord := o.orders[id]; ord != nil && ord.Status != orders.StatusCanceled {
		for _, it := range ord.Items {
			o.products[it.ProductID].stock += int64(it.Qty)
		}
		ord.Status = orders.StatusCanceled
	}
}

// readAll reads r's body and puts it back for the next reader.
func readAll(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(b))
	return b, err
}
