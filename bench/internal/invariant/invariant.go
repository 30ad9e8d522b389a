// Package invariant states what must hold after a scenario, as a pure
// function over what the benchmark observed (Observed, recorded by a
// Ledger while the load ran) and what the system reports afterwards
// (Actual, fetched through the API). Keeping it free of I/O lets the tests
// break each invariant on synthetic data and see it caught.
package invariant

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Canceled is the order status whose stock is given back.
const Canceled = "CANCELED"

// Confirmed is the status a confirmed order must have.
const Confirmed = "CONFIRMED"

// Line is one order line: qty units of a product.
type Line struct {
	ProductID int64
	Qty       int64
}

// Order is an order as the benchmark was told of it, or as it is listed.
type Order struct {
	ID     int64
	Status string
	Lines  []Line
}

// Hot is what the one-product scenario observed.
type Hot struct {
	ProductID int64
	// Stock is the product's initial stock and Qty every order's quantity.
	Stock, Qty int64
	// Successes counts orders placed; Refused counts 409 insufficient_stock.
	Successes, Refused int64
}

// Observed is everything the benchmark did and was told during a scenario.
type Observed struct {
	// Initial is each product's stock when the scenario created it.
	Initial map[int64]int64
	// Placed holds every order a 2xx answer returned, by id.
	Placed map[int64]Order
	// Keys maps each idempotency key to the order ids answered for it.
	Keys map[string]map[int64]bool
	// MustBeConfirmed lists orders an answer said were confirmed.
	MustBeConfirmed map[int64]bool
	// Responses counts answers by "status" or "status code", e.g. "201",
	// "409 insufficient_stock"; "0" is a transport error.
	Responses map[string]int64
	// Allowed lists the Responses keys the scenario expects; any other is
	// a violation. A bare status ("409") allows every code with it.
	Allowed map[string]bool
	// Malformed counts 2xx answers whose body did not decode.
	Malformed int64
	// Hot is set for the one-product scenario.
	Hot *Hot
}

// Actual is the system's state after the scenario, read through the API.
type Actual struct {
	// Stock is each product's current stock (missing: could not be read).
	Stock map[int64]int64
	// Orders are the stored orders that touch the scenario's products.
	Orders map[int64]Order
}

// Violation is one broken invariant.
type Violation struct {
	Invariant string `json:"invariant"`
	Detail    string `json:"detail"`
}

func (v Violation) String() string { return v.Invariant + ": " + v.Detail }

// Invariant names, as reports show them.
const (
	StockBalance   = "stock_balance"
	OrdersAccount  = "orders_accounted"
	OneOrderPerKey = "one_order_per_key"
	ConfirmedHeld  = "confirmed_held"
	NoServerErrors = "no_5xx"
	NoTransport    = "no_transport_errors"
	Expected       = "expected_responses"
	WellFormed     = "well_formed_bodies"
	HotNoOversell  = "hot_no_oversell"
	HotRanOut      = "hot_refusals_only_when_out"
)

// maxPerInvariant bounds the details listed for one invariant; the count
// of the rest is reported instead.
const maxPerInvariant = 5

// Check returns every violated invariant, in a stable order.
func Check(o Observed, a Actual) []Violation {
	var vs violations
	checkResponses(&vs, o)
	checkStock(&vs, o, a)
	checkOrders(&vs, o, a)
	checkKeys(&vs, o)
	if o.Hot != nil {
		checkHot(&vs, *o.Hot, a)
	}
	return vs.list()
}

func checkResponses(vs *violations, o Observed) {
	for _, k := range sortedKeys(o.Responses) {
		n := o.Responses[k]
		status, _, _ := strings.Cut(k, " ")
		st, _ := strconv.Atoi(status)
		switch {
		case st == 0:
			vs.add(NoTransport, fmt.Sprintf("%d requests got no response", n))
		case st >= 500:
			vs.add(NoServerErrors, fmt.Sprintf("%d × %s", n, k))
		case !o.Allowed[k] && !o.Allowed[status]:
			vs.add(Expected, fmt.Sprintf("%d × %s, which this scenario never expects", n, k))
		}
	}
	if o.Malformed > 0 {
		vs.add(WellFormed, fmt.Sprintf("%d successful answers had a body that did not decode", o.Malformed))
	}
}

// checkStock: initial − current == Σ qty of the non-canceled stored orders,
// for every product the scenario created.
func checkStock(vs *violations, o Observed, a Actual) {
	taken := map[int64]int64{}
	for _, ord := range a.Orders {
		if ord.Status == Canceled {
			continue
		}
		for _, l := range ord.Lines {
			taken[l.ProductID] += l.Qty
		}
	}
	for _, id := range sortedKeys(o.Initial) {
		cur, ok := a.Stock[id]
		if !ok {
			vs.add(StockBalance, fmt.Sprintf("product %d: current stock could not be read", id))
			continue
		}
		if cur < 0 {
			vs.add(StockBalance, fmt.Sprintf("product %d: stock is negative (%d)", id, cur))
		}
		if o.Initial[id]-cur != taken[id] {
			vs.add(StockBalance, fmt.Sprintf("product %d: initial %d − current %d = %d, but its orders hold %d",
				id, o.Initial[id], cur, o.Initial[id]-cur, taken[id]))
		}
	}
}

// checkOrders: every order an answer returned is stored with the same
// lines, every stored order on the scenario's products was answered to the
// benchmark (anything else is a duplicate effect or a lost answer), and
// every order answered as confirmed is still confirmed.
func checkOrders(vs *violations, o Observed, a Actual) {
	for _, id := range sortedKeys(o.Placed) {
		stored, ok := a.Orders[id]
		if !ok {
			vs.add(OrdersAccount, fmt.Sprintf("order %d was answered but is not stored", id))
			continue
		}
		if !sameLines(o.Placed[id].Lines, stored.Lines) {
			vs.add(OrdersAccount, fmt.Sprintf("order %d: answered lines %v, stored lines %v", id, o.Placed[id].Lines, stored.Lines))
		}
	}
	for _, id := range sortedKeys(a.Orders) {
		if _, ok := o.Placed[id]; !ok {
			vs.add(OrdersAccount, fmt.Sprintf("order %d is stored on the scenario's products but no answer returned it", id))
		}
	}
	for _, id := range sortedKeys(o.MustBeConfirmed) {
		if stored, ok := a.Orders[id]; ok && stored.Status != Confirmed {
			vs.add(ConfirmedHeld, fmt.Sprintf("order %d was answered as confirmed but is %s", id, stored.Status))
		}
	}
}

func checkKeys(vs *violations, o Observed) {
	keys := make([]string, 0, len(o.Keys))
	for k := range o.Keys {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if ids := o.Keys[k]; len(ids) > 1 {
			vs.add(OneOrderPerKey, fmt.Sprintf("key %q answered with orders %v", k, sortedKeys(ids)))
		}
	}
}

// checkHot: successes never exceed the stock, and a refusal only came once
// the stock could no longer serve an order.
func checkHot(vs *violations, h Hot, a Actual) {
	if h.Successes*h.Qty > h.Stock {
		vs.add(HotNoOversell, fmt.Sprintf("%d orders × %d units = %d > stock %d", h.Successes, h.Qty, h.Successes*h.Qty, h.Stock))
	}
	if h.Refused > 0 {
		if left := h.Stock - h.Successes*h.Qty; left >= h.Qty {
			vs.add(HotRanOut, fmt.Sprintf("%d orders refused as insufficient_stock while %d units (≥ %d) were never sold", h.Refused, left, h.Qty))
		}
		if cur, ok := a.Stock[h.ProductID]; ok && cur >= h.Qty {
			vs.add(HotRanOut, fmt.Sprintf("%d orders refused as insufficient_stock but the product still has %d units", h.Refused, cur))
		}
	}
}

func sameLines(a, b []Line) bool {
	sum := func(ls []Line) map[int64]int64 {
		m := map[int64]int64{}
		for _, l := range ls {
			m[l.ProductID] += l.Qty
		}
		return m
	}
	ma, mb := sum(a), sum(b)
	if len(ma) != len(mb) {
		return false
	}
	for k, v := range ma {
		if mb[k] != v {
			return false
		}
	}
	return true
}

type violations struct {
	vs     []Violation
	counts map[string]int
}

func (v *violations) add(inv, detail string) {
	if v.counts == nil {
		v.counts = map[string]int{}
	}
	v.counts[inv]++
	if v.counts[inv] <= maxPerInvariant {
		v.vs = append(v.vs, Violation{Invariant: inv, Detail: detail})
	}
}

func (v *violations) list() []Violation {
	out := v.vs
	for _, inv := range sortedKeys(v.counts) {
		if n := v.counts[inv]; n > maxPerInvariant {
			out = append(out, Violation{Invariant: inv, Detail: fmt.Sprintf("… and %d more", n-maxPerInvariant)})
		}
	}
	return out
}

func sortedKeys[K int64 | string, V any](m map[K]V) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Ledger records Observed concurrently while the load runs.
type Ledger struct {
	mu  sync.Mutex
	obs Observed
}

// NewLedger returns a Ledger that accepts the given responses ("201",
// "409 insufficient_stock", …).
func NewLedger(allowed ...string) *Ledger {
	l := &Ledger{obs: Observed{
		Initial:         map[int64]int64{},
		Placed:          map[int64]Order{},
		Keys:            map[string]map[int64]bool{},
		MustBeConfirmed: map[int64]bool{},
		Responses:       map[string]int64{},
		Allowed:         map[string]bool{},
	}}
	for _, a := range allowed {
		l.obs.Allowed[a] = true
	}
	return l
}

// Product records a product the scenario created with its initial stock.
func (l *Ledger) Product(id, stock int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.obs.Initial[id] = stock
}

// SetHot marks the scenario as the one-product scenario.
func (l *Ledger) SetHot(productID, stock, qty int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.obs.Hot = &Hot{ProductID: productID, Stock: stock, Qty: qty}
}

// Response counts one answer; code is "" for success or an unknown code.
// A hot scenario's successes and refusals are counted by HotOutcome.
func (l *Ledger) Response(status int, code string) {
	k := strconv.Itoa(status)
	if code != "" && status >= 300 {
		k += " " + code
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.obs.Responses[k]++
}

// Malformed counts a 2xx answer whose body did not decode.
func (l *Ledger) Malformed() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.obs.Malformed++
}

// Placed records an order a 2xx answer returned under key ("" for none);
// confirmed says the answer showed it confirmed.
func (l *Ledger) Placed(key string, o Order, confirmed bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if prev, ok := l.obs.Placed[o.ID]; !ok || len(prev.Lines) == 0 {
		l.obs.Placed[o.ID] = o
	}
	if key != "" {
		if l.obs.Keys[key] == nil {
			l.obs.Keys[key] = map[int64]bool{}
		}
		l.obs.Keys[key][o.ID] = true
	}
	if confirmed {
		l.obs.MustBeConfirmed[o.ID] = true
	}
}

// HotOutcome counts a hot order: placed, or refused for lack of stock.
func (l *Ledger) HotOutcome(placed bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.obs.Hot == nil {
		return
	}
	if placed {
		l.obs.Hot.Successes++
	} else {
		l.obs.Hot.Refused++
	}
}

// Snapshot returns a copy of what has been observed so far.
func (l *Ledger) Snapshot() Observed {
	l.mu.Lock()
	defer l.mu.Unlock()
	o := l.obs
	o.Initial = cloneMap(o.Initial)
	o.Placed = cloneMap(o.Placed)
	o.MustBeConfirmed = cloneMap(o.MustBeConfirmed)
	o.Responses = cloneMap(o.Responses)
	o.Allowed = cloneMap(o.Allowed)
	o.Keys = make(map[string]map[int64]bool, len(l.obs.Keys))
	for k, v := range l.obs.Keys {
		o.Keys[k] = cloneMap(v)
	}
	if o.Hot != nil {
		h := *o.Hot
		o.Hot = &h
	}
	return o
}

func cloneMap[K comparable, V any](m map[K]V) map[K]V {
	out := make(map[K]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
