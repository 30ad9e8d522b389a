package httpapi_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/b2b-backoffice/platform/problem"
)

func TestCreateOrder(t *testing.T) {
	e := newEnv(t)
	p1, p2 := e.product(129900, 50), e.product(250, 10)

	w := e.do(req{method: "POST", path: "/orders", body: orderBody([2]int64{p2.ID, 3}, [2]int64{p1.ID, 2})})
	wantStatus(t, w, http.StatusCreated)
	o := decodeAs[order](t, w)
	if loc := w.Header().Get("Location"); loc != fmt.Sprintf("/orders/%d", o.ID) {
		t.Errorf("Location %q", loc)
	}
	if w.Header().Get("Idempotent-Replayed") != "" {
		t.Error("a first answer is marked replayed")
	}
	want := []item{{p2.ID, 3, 250, 750}, {p1.ID, 2, 129900, 259800}}
	if o.ID < 1 || o.CustomerID != 1 || o.Status != "CREATED" || o.TotalCents != 260550 ||
		o.ConfirmedAt != nil || o.CanceledAt != nil || fmt.Sprint(o.Items) != fmt.Sprint(want) {
		t.Errorf("order %+v", o)
	}
	if !wireTime.MatchString(o.CreatedAt) || o.CreatedAt != o.UpdatedAt {
		t.Errorf("times %q %q", o.CreatedAt, o.UpdatedAt)
	}
	if m := decodeAs[map[string]any](t, w); len(m) != 9 || m["confirmed_at"] != nil {
		t.Errorf("members %v, want the 9 of SPEC §4 with null times", m)
	}
	if e.stock(p1.ID) != 48 || e.stock(p2.ID) != 7 {
		t.Errorf("stock %d %d, want 48 7", e.stock(p1.ID), e.stock(p2.ID))
	}
	if e.customers.calls.Load() != 1 {
		t.Errorf("%d customer lookups, want 1", e.customers.calls.Load())
	}

	// GET answers the same order; prices were snapshotted.
	wantStatus(t, e.do(req{method: "PATCH", path: fmt.Sprintf("/products/%d", p2.ID), body: `{"price_cents":999}`}), http.StatusOK)
	g := e.do(req{method: "GET", path: fmt.Sprintf("/orders/%d", o.ID)})
	wantStatus(t, g, http.StatusOK)
	if g.Body.String() != w.Body.String() {
		t.Errorf("GET %s\nPOST %s", g.Body, w.Body)
	}
	wantProblem(t, e.do(req{method: "GET", path: "/orders/999999"}), http.StatusNotFound, problem.OrderNotFound)
	wantField(t, wantProblem(t, e.do(req{method: "GET", path: "/orders/x"}), 400, problem.ValidationFailed), "id")
}

// snapshot is what a rejected request must leave as it was.
type snapshot struct {
	stocks       string
	orders, keys int
}

func (e *env) snapshot() snapshot {
	e.t.Helper()
	var stocks []string
	if err := e.db.Select(&stocks, "SELECT CONCAT(id, ':', stock) FROM products ORDER BY id"); err != nil {
		e.t.Fatal(err)
	}
	return snapshot{strings.Join(stocks, ","), e.count("orders") + e.count("order_items"), e.count("idempotency_keys")}
}

func (e *env) unchanged(before snapshot) {
	e.t.Helper()
	if after := e.snapshot(); after != before {
		e.t.Errorf("state changed by a rejected request: %+v → %+v", before, after)
	}
}

func TestCreateOrderRejectionsChangeNothing(t *testing.T) {
	e := newEnv(t)
	p1, p2, p3 := e.product(100, 5), e.product(200, 2), e.product(300, 0)
	before := e.snapshot()

	t.Run("unknown customer", func(t *testing.T) {
		w := e.do(req{method: "POST", path: "/orders", key: "k-cust",
			body: fmt.Sprintf(`{"customer_id":404,"items":[{"product_id":%d,"qty":1}]}`, p1.ID)})
		wantProblem(t, w, http.StatusNotFound, problem.CustomerNotFound)
	})
	t.Run("unknown product", func(t *testing.T) {
		w := e.do(req{method: "POST", path: "/orders", key: "k-prod", body: orderBody([2]int64{p1.ID, 1}, [2]int64{999999, 1})})
		b := wantProblem(t, w, http.StatusNotFound, problem.ProductNotFound)
		if !strings.Contains(b.Detail, "999999") {
			t.Errorf("detail %q does not name the product", b.Detail)
		}
	})
	t.Run("insufficient stock names every short product", func(t *testing.T) {
		w := e.do(req{method: "POST", path: "/orders", key: "k-short",
			body: orderBody([2]int64{p1.ID, 5}, [2]int64{p2.ID, 3}, [2]int64{p3.ID, 1})})
		wantProblem(t, w, http.StatusConflict, problem.InsufficientStock)
		got := fmt.Sprint(shortages(t, w))
		want := fmt.Sprintf("[{%d 3 2} {%d 1 0}]", p2.ID, p3.ID)
		if got != want {
			t.Errorf("details %s, want %s", got, want)
		}
	})
	e.unchanged(before)

	cases := []struct {
		name, body string
		status     int
		code       problem.Code
		field      string
	}{
		{"empty body", "", 400, problem.InvalidJSON, ""},
		{"malformed", `{"customer_id":1,"items":[`, 400, problem.InvalidJSON, ""},
		{"missing items", `{"customer_id":1}`, 400, problem.ValidationFailed, "items"},
		{"missing customer", orderBody([2]int64{p1.ID, 1})[:0] + `{"items":[{"product_id":1,"qty":1}]}`, 400, problem.ValidationFailed, "customer_id"},
		{"zero items", `{"customer_id":1,"items":[]}`, 400, problem.ValidationFailed, "items"},
		{"101 items", orderBody(lines(101)...), 400, problem.ValidationFailed, "items"},
		{"qty 0", orderBody([2]int64{p1.ID, 0}), 400, problem.ValidationFailed, "items[0].qty"},
		{"qty 10001", orderBody([2]int64{p1.ID, 10001}), 400, problem.ValidationFailed, "items[0].qty"},
		{"duplicate product", orderBody([2]int64{p1.ID, 1}, [2]int64{p2.ID, 1}, [2]int64{p1.ID, 1}), 400, problem.ValidationFailed, "items[2].product_id"},
		{"string qty", `{"customer_id":1,"items":[{"product_id":1,"qty":"1"}]}`, 400, problem.ValidationFailed, "items.qty"},
		{"hostile field", `{"customer_id":1,"items":[{"product_id":1,"qty":1}],"status":"CONFIRMED","total_cents":0}`, 400, problem.ValidationFailed, "status"},
		{"oversized", `{"customer_id":1,"items":[` + strings.Repeat(`{"product_id":1,"qty":1},`, 50000) + `{"product_id":1,"qty":1}]}`, 413, problem.BodyTooLarge, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := wantProblem(t, e.do(req{method: "POST", path: "/orders", key: "k-" + strings.ReplaceAll(c.name, " ", "-"), body: c.body}), c.status, c.code)
			if c.field != "" {
				wantField(t, b, c.field)
			}
		})
	}
	w := e.do(req{method: "POST", path: "/orders", body: orderBody([2]int64{p1.ID, 1}), header: map[string]string{"Content-Type": "text/plain"}})
	wantProblem(t, w, http.StatusUnsupportedMediaType, problem.UnsupportedMediaType)
	for _, bad := range []string{"", "has space", strings.Repeat("k", 256), "ключ", "a/b"} {
		w := e.do(req{method: "POST", path: "/orders", body: orderBody([2]int64{p1.ID, 1}), header: map[string]string{"X-Idempotency-Key": bad}})
		wantProblem(t, w, http.StatusBadRequest, problem.InvalidIdempotencyKey)
	}
	wantProblem(t, e.do(req{method: "POST", path: "/orders", auth: "-", body: orderBody([2]int64{p1.ID, 1})}), 401, problem.Unauthorized)
	wantProblem(t, e.do(req{method: "POST", path: "/orders", auth: "Bearer " + e.op + "x", body: orderBody([2]int64{p1.ID, 1})}), 401, problem.Unauthorized)
	e.unchanged(before)

	// Failed requests stored nothing: the same key runs afresh once the
	// stock is there.
	wantStatus(t, e.do(req{method: "PATCH", path: fmt.Sprintf("/products/%d", p2.ID), body: `{"stock":3}`}), 200)
	wantStatus(t, e.do(req{method: "PATCH", path: fmt.Sprintf("/products/%d", p3.ID), body: `{"stock":1}`}), 200)
	w = e.do(req{method: "POST", path: "/orders", key: "k-short", body: orderBody([2]int64{p1.ID, 5}, [2]int64{p2.ID, 3}, [2]int64{p3.ID, 1})})
	wantStatus(t, w, http.StatusCreated)
	if e.stock(p1.ID)+e.stock(p2.ID)+e.stock(p3.ID) != 0 {
		t.Error("stock not taken")
	}
}

func lines(n int) [][2]int64 {
	out := make([][2]int64, n)
	for i := range out {
		out[i] = [2]int64{int64(i + 1), 1}
	}
	return out
}

func TestCustomersAPIFailures(t *testing.T) {
	// Nothing listens on port 1 (and no test may bind it): connection refused.
	const downURL = "http://127.0.0.1:1"
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer hang.Close()
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "boom: SELECT * FROM customers", http.StatusInternalServerError)
	}))
	defer broken.Close()
	wrongToken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		problem.Write(w, problem.New(problem.Unauthorized, "bad token"), "")
	}))
	defer wrongToken.Close()

	cases := []struct {
		name, url string
		status    int
		code      problem.Code
	}{
		{"refused", downURL, http.StatusBadGateway, problem.UpstreamUnavailable},
		{"hanging", hang.URL, http.StatusGatewayTimeout, problem.UpstreamTimeout},
		{"500", broken.URL, http.StatusBadGateway, problem.UpstreamUnavailable},
		{"401", wrongToken.URL, http.StatusBadGateway, problem.UpstreamUnavailable},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, func(o *envOpt) { o.customersURL, o.lookup = c.url, 500*time.Millisecond })
			p := e.product(100, 5)
			before := e.snapshot()
			start := time.Now()
			w := e.do(req{method: "POST", path: "/orders", key: "k1", body: orderBody([2]int64{p.ID, 1})})
			b := wantProblem(t, w, c.status, c.code)
			if time.Since(start) > 3*time.Second {
				t.Errorf("took %v: the lookup deadline did not hold", time.Since(start))
			}
			if strings.Contains(b.Detail, "SELECT") {
				t.Errorf("detail leaks upstream internals: %q", b.Detail)
			}
			e.unchanged(before)
		})
	}
}

func TestConfirm(t *testing.T) {
	e := newEnv(t)
	p := e.product(100, 10)
	o := e.place([2]int64{p.ID, 2})
	path := fmt.Sprintf("/orders/%d/confirm", o.ID)

	wantProblem(t, e.do(req{method: "POST", path: path}), http.StatusBadRequest, problem.MissingIdempotencyKey)
	wantProblem(t, e.do(req{method: "POST", path: path, header: map[string]string{"X-Idempotency-Key": "bad key"}}), 400, problem.InvalidIdempotencyKey)
	wantProblem(t, e.do(req{method: "POST", path: path, header: map[string]string{"Idempotency-Key": ""}}), 400, problem.InvalidIdempotencyKey)
	wantProblem(t, e.do(req{method: "POST", path: "/orders/999999/confirm", key: "c-404"}), 404, problem.OrderNotFound)

	e.clock.Advance(2 * time.Second)
	first := e.confirm(o.ID, "c-1")
	wantStatus(t, first, http.StatusOK)
	c := decodeAs[order](t, first)
	if c.Status != "CONFIRMED" || c.ConfirmedAt == nil || !wireTime.MatchString(*c.ConfirmedAt) || c.UpdatedAt != *c.ConfirmedAt || c.UpdatedAt == o.UpdatedAt {
		t.Errorf("confirmed %+v", c)
	}
	if fmt.Sprint(c.Items) != fmt.Sprint(o.Items) || c.TotalCents != o.TotalCents {
		t.Errorf("items changed: %+v", c)
	}

	// Already CONFIRMED under a new key (and the alias header): unchanged.
	e.clock.Advance(time.Second)
	again := e.do(req{method: "POST", path: path, header: map[string]string{"Idempotency-Key": "c-2"}})
	wantStatus(t, again, http.StatusOK)
	if again.Body.String() != first.Body.String() || again.Header().Get("Idempotent-Replayed") != "" {
		t.Errorf("second confirm %s (replayed %q), want the same order, fresh", again.Body, again.Header().Get("Idempotent-Replayed"))
	}

	// The order changes; a replay still answers what was sent, byte for byte.
	wantStatus(t, e.cancel(o.ID), http.StatusOK)
	replay := e.confirm(o.ID, "c-1")
	wantStatus(t, replay, http.StatusOK)
	if replay.Body.String() != first.Body.String() || replay.Header().Get("Idempotent-Replayed") != "true" {
		t.Errorf("replay %s replayed=%q\nfirst  %s", replay.Body, replay.Header().Get("Idempotent-Replayed"), first.Body)
	}
	if replay.Header().Get("Content-Type") != "application/json" {
		t.Errorf("replay Content-Type %q", replay.Header().Get("Content-Type"))
	}

	// CANCELED cannot be confirmed, and the failure stores nothing.
	keys := e.count("idempotency_keys")
	wantProblem(t, e.confirm(o.ID, "c-3"), http.StatusConflict, problem.InvalidState)
	wantProblem(t, e.confirm(o.ID, "c-3"), http.StatusConflict, problem.InvalidState)
	if e.count("idempotency_keys") != keys {
		t.Error("a failed confirm stored its key")
	}

	// A key used on another order is a different request.
	o2 := e.place([2]int64{p.ID, 1})
	wantProblem(t, e.confirm(o2.ID, "c-1"), http.StatusUnprocessableEntity, problem.IdempotencyKeyReused)
	if g := decodeAs[order](t, e.do(req{method: "GET", path: fmt.Sprintf("/orders/%d", o2.ID)})); g.Status != "CREATED" {
		t.Errorf("422 changed the other order: %s", g.Status)
	}

	// Keys are scoped to the caller: the service token's "c-1" is its own.
	w := e.do(req{method: "POST", path: fmt.Sprintf("/orders/%d/confirm", o2.ID), key: "c-1", auth: "Bearer " + serviceToken})
	wantStatus(t, w, http.StatusOK)
	if w.Header().Get("Idempotent-Replayed") != "" || decodeAs[order](t, w).Status != "CONFIRMED" {
		t.Errorf("another caller's key replayed: %s", w.Body)
	}
	// ... and to the operation: a create with key "c-1" is a new request.
	w = e.do(req{method: "POST", path: "/orders", key: "c-1", body: orderBody([2]int64{p.ID, 1})})
	wantStatus(t, w, http.StatusCreated)
}

func TestCreateIdempotent(t *testing.T) {
	e := newEnv(t)
	p := e.product(100, 10)
	body := orderBody([2]int64{p.ID, 3})

	first := e.do(req{method: "POST", path: "/orders", key: "create-1", body: body})
	wantStatus(t, first, http.StatusCreated)
	o := decodeAs[order](t, first)
	lookups := e.customers.calls.Load()

	// The same request, spelled differently, replays without a customer
	// lookup and takes no stock, even after the order changed.
	wantStatus(t, e.confirm(o.ID, "conf-1"), http.StatusOK)
	spelled := fmt.Sprintf(` { "items" : [ { "qty" : 3 , "product_id" : %d } ] , "customer_id" : 1 } `, p.ID)
	for _, b := range []string{body, spelled} {
		w := e.do(req{method: "POST", path: "/orders", key: "create-1", body: b})
		wantStatus(t, w, http.StatusCreated)
		if w.Body.String() != first.Body.String() || w.Header().Get("Idempotent-Replayed") != "true" {
			t.Errorf("replay %s (replayed %q), want %s", w.Body, w.Header().Get("Idempotent-Replayed"), first.Body)
		}
		if w.Header().Get("Location") != first.Header().Get("Location") {
			t.Errorf("replay Location %q", w.Header().Get("Location"))
		}
	}
	if e.customers.calls.Load() != lookups {
		t.Error("a replay looked the customer up again")
	}
	if e.stock(p.ID) != 7 || e.count("orders") != 1 {
		t.Errorf("stock %d orders %d after replays, want 7 and 1", e.stock(p.ID), e.count("orders"))
	}

	// Same key, other body: 422, nothing taken.
	w := e.do(req{method: "POST", path: "/orders", key: "create-1", body: orderBody([2]int64{p.ID, 4})})
	wantProblem(t, w, http.StatusUnprocessableEntity, problem.IdempotencyKeyReused)
	if e.stock(p.ID) != 7 || e.count("orders") != 1 {
		t.Error("422 changed something")
	}

	// The alias header names the same key.
	w = e.do(req{method: "POST", path: "/orders", body: body, header: map[string]string{"Idempotency-Key": "create-1"}})
	wantStatus(t, w, http.StatusCreated)
	if w.Header().Get("Idempotent-Replayed") != "true" {
		t.Error("Idempotency-Key alias not honoured")
	}
	// Keys are case-sensitive: another key, another order.
	wantStatus(t, e.do(req{method: "POST", path: "/orders", key: "CREATE-1", body: body}), http.StatusCreated)
	if e.stock(p.ID) != 4 {
		t.Errorf("stock %d, want 4", e.stock(p.ID))
	}
}

func TestIdempotencyKeysExpire(t *testing.T) {
	e := newEnv(t)
	p := e.product(100, 10)
	wantStatus(t, e.do(req{method: "POST", path: "/orders", key: "exp-1", body: orderBody([2]int64{p.ID, 1})}), http.StatusCreated)
	wantStatus(t, e.do(req{method: "POST", path: "/orders", key: "exp-2", body: orderBody([2]int64{p.ID, 1})}), http.StatusCreated)

	// Within the TTL a different body is a reuse.
	e.clock.Advance(ttl - time.Second)
	wantProblem(t, e.do(req{method: "POST", path: "/orders", key: "exp-1", body: orderBody([2]int64{p.ID, 2})}), 422, problem.IdempotencyKeyReused)

	// Past it, the key may be used afresh: the expired row is taken over.
	e.clock.Advance(2 * time.Second)
	w := e.do(req{method: "POST", path: "/orders", key: "exp-1", body: orderBody([2]int64{p.ID, 2})})
	wantStatus(t, w, http.StatusCreated)
	if w.Header().Get("Idempotent-Replayed") != "" || e.stock(p.ID) != 6 {
		t.Errorf("expired key replayed (stock %d)", e.stock(p.ID))
	}
	// ... and now replays the new answer.
	again := e.do(req{method: "POST", path: "/orders", key: "exp-1", body: orderBody([2]int64{p.ID, 2})})
	if again.Body.String() != w.Body.String() || again.Header().Get("Idempotent-Replayed") != "true" {
		t.Errorf("renewed key does not replay: %s", again.Body)
	}

	// The purge removes the expired key only.
	n, err := e.store.PurgeExpiredKeys(t.Context())
	if err != nil || n != 1 || e.count("idempotency_keys") != 1 {
		t.Errorf("purged %d (%v), %d keys left; want 1 and 1", n, err, e.count("idempotency_keys"))
	}
}

func TestCancel(t *testing.T) {
	e := newEnv(t)
	p1, p2 := e.product(100, 10), e.product(50, 10)
	t0 := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	e.clock.Set(t0)

	t.Run("created: restored once", func(t *testing.T) {
		o := e.place([2]int64{p1.ID, 4}, [2]int64{p2.ID, 1})
		e.clock.Advance(time.Hour) // no window for unconfirmed orders
		w := e.cancel(o.ID)
		wantStatus(t, w, http.StatusOK)
		c := decodeAs[order](t, w)
		if c.Status != "CANCELED" || c.CanceledAt == nil || *c.CanceledAt != c.UpdatedAt || c.ConfirmedAt != nil {
			t.Errorf("canceled %+v", c)
		}
		if e.stock(p1.ID) != 10 || e.stock(p2.ID) != 10 {
			t.Errorf("stock %d %d, want 10 10", e.stock(p1.ID), e.stock(p2.ID))
		}
		again := e.cancel(o.ID)
		wantStatus(t, again, http.StatusOK)
		if again.Body.String() != w.Body.String() || e.stock(p1.ID) != 10 {
			t.Errorf("second cancel %s, stock %d", again.Body, e.stock(p1.ID))
		}
	})
	t.Run("confirmed: just inside the window (edge included)", func(t *testing.T) {
		o := e.place([2]int64{p1.ID, 3})
		wantStatus(t, e.confirm(o.ID, fmt.Sprintf("in-%d", o.ID)), http.StatusOK)
		e.clock.Advance(window) // exactly confirmed_at + window
		w := e.cancel(o.ID)
		wantStatus(t, w, http.StatusOK)
		if decodeAs[order](t, w).Status != "CANCELED" || e.stock(p1.ID) != 10 {
			t.Errorf("%s stock %d", w.Body, e.stock(p1.ID))
		}
	})
	t.Run("confirmed: just outside the window", func(t *testing.T) {
		o := e.place([2]int64{p1.ID, 3})
		wantStatus(t, e.confirm(o.ID, fmt.Sprintf("out-%d", o.ID)), http.StatusOK)
		e.clock.Advance(window + time.Millisecond)
		wantProblem(t, e.cancel(o.ID), http.StatusConflict, problem.CancelWindowExpired)
		g := decodeAs[order](t, e.do(req{method: "GET", path: fmt.Sprintf("/orders/%d", o.ID)}))
		if g.Status != "CONFIRMED" || g.CanceledAt != nil || e.stock(p1.ID) != 7 {
			t.Errorf("a refused cancel changed the order (%s) or stock (%d)", g.Status, e.stock(p1.ID))
		}
	})
	wantProblem(t, e.cancel(999999), http.StatusNotFound, problem.OrderNotFound)
	wantField(t, wantProblem(t, e.do(req{method: "POST", path: "/orders/0/cancel"}), 400, problem.ValidationFailed), "id")
}

func TestListOrders(t *testing.T) {
	e := newEnv(t)
	p := e.product(10, 100)
	day := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, time.UTC) }
	var ids []int64
	for i, at := range []time.Time{day(1, 0), day(1, 23).Add(59*time.Minute + 59*time.Second + 999*time.Millisecond), day(2, 12), day(3, 0), day(4, 9)} {
		e.clock.Set(at)
		o := e.place([2]int64{p.ID, int64(i + 1)})
		ids = append(ids, o.ID)
	}
	wantStatus(t, e.confirm(ids[1], "l-1"), 200)
	wantStatus(t, e.confirm(ids[3], "l-3"), 200)
	wantStatus(t, e.cancel(ids[4]), 200)

	type list struct {
		Data       []order `json:"data"`
		NextCursor *string `json:"next_cursor"`
	}
	get := func(q string) list {
		t.Helper()
		w := e.do(req{method: "GET", path: "/orders" + q})
		wantStatus(t, w, http.StatusOK)
		return decodeAs[list](t, w)
	}
	idsOf := func(l list) string {
		var s []string
		for _, o := range l.Data {
			s = append(s, fmt.Sprint(o.ID))
			if len(o.Items) != 1 || o.Items[0].ProductID != p.ID {
				t.Errorf("order %d items %+v", o.ID, o.Items)
			}
		}
		return strings.Join(s, ",")
	}
	pick := func(is ...int) string {
		var s []string
		for _, i := range is {
			s = append(s, fmt.Sprint(ids[i]))
		}
		return strings.Join(s, ",")
	}
	cases := map[string]string{
		"":                               pick(0, 1, 2, 3, 4),
		"?status=CONFIRMED":              pick(1, 3),
		"?status=created":                pick(0, 2),
		"?status=CANCELED":               pick(4),
		"?to=2026-11-01":                 pick(0, 1), // a date in to covers its whole day
		"?from=2026-11-02&to=2026-11-03": pick(2, 3),
		"?from=2026-11-01T23:59:59.999Z": pick(1, 2, 3, 4), // inclusive, to the millisecond
		"?to=2026-11-01T23:59:59.998Z":   pick(0),
		"?from=2026-11-02T13:00:00%2B01:00&to=2026-11-02T12:00:00Z": pick(2),
		"?status=CONFIRMED&from=2026-11-02":                         pick(3),
		"?from=2026-12-01":                                          "",
	}
	for q, want := range cases {
		if got := idsOf(get(q)); got != want {
			t.Errorf("%q: %s, want %s", q, got, want)
		}
	}
	// Quantities tell the orders apart: each row got its own items.
	for _, o := range get("").Data {
		if o.Items[0].Qty != o.ID-ids[0]+1 {
			t.Errorf("order %d has qty %d", o.ID, o.Items[0].Qty)
		}
	}
	l := get("?limit=2")
	if idsOf(l) != pick(0, 1) || l.NextCursor == nil {
		t.Fatalf("page 1 %s", idsOf(l))
	}
	l = get("?limit=2&status=CONFIRMED")
	if idsOf(l) != pick(1, 3) || l.NextCursor != nil {
		t.Errorf("full last page: %s next %v", idsOf(l), l.NextCursor)
	}
	l = get("?limit=2&cursor=" + *get("?limit=2").NextCursor)
	if idsOf(l) != pick(2, 3) {
		t.Errorf("page 2 %s", idsOf(l))
	}
	for _, q := range []string{"?status=SHIPPED", "?from=yesterday", "?to=2026-02-30", "?from=2026-11-03&to=2026-11-02", "?limit=0", "?limit=abc"} {
		wantProblem(t, e.do(req{method: "GET", path: "/orders" + q}), http.StatusBadRequest, problem.ValidationFailed)
	}
	wantProblem(t, e.do(req{method: "GET", path: "/orders?cursor=xyz"}), http.StatusBadRequest, problem.InvalidCursor)
}
