package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/b2b-backoffice/orchestrator/internal/checkout"
	"github.com/b2b-backoffice/orchestrator/internal/config"
	"github.com/b2b-backoffice/orchestrator/internal/fakes"
	"github.com/b2b-backoffice/platform/reqctx"
)

var alice = reqctx.Caller{Kind: "operator", Subject: "alice"}

func TestCreateAndConfirmHappyPath(t *testing.T) {
	for _, path := range []string{route, "/dev" + route} {
		t.Run(path, func(t *testing.T) {
			e := newEnv(t)
			w := e.do(req{path: path, body: order(1, "k-1", [2]int64{2, 2}, [2]int64{1, 3})})
			s := wantSuccess(t, w)

			c := s.Data.Customer
			if c.ID != 1 || c.Name != "ACME" || c.Email != "ops@acme.com" || c.Phone == nil {
				t.Fatalf("customer %+v", c)
			}
			o := s.Data.Order
			if o.TotalCents != 2*129900+3*500 || len(o.Items) != 2 {
				t.Fatalf("order %+v", o)
			}
			if it := o.Items[0]; it.ProductID != 2 || it.Qty != 2 || it.UnitPriceCents != 129900 || it.SubtotalCents != 259800 {
				t.Fatalf("item %+v", it)
			}
			if e.orders.Stock(2) != 48 || e.orders.Stock(1) != 47 {
				t.Fatalf("stock %d/%d, want 48/47", e.orders.Stock(2), e.orders.Stock(1))
			}

			// The body has exactly the members of SPEC §5.
			wantKeys(t, w.Body.Bytes(), "", "success", "correlationId", "data")
			wantKeys(t, w.Body.Bytes(), "data", "customer", "order")
			wantKeys(t, w.Body.Bytes(), "data.customer", "id", "name", "email", "phone")
			wantKeys(t, w.Body.Bytes(), "data.order", "id", "status", "total_cents", "items")

			// Downstream: customer, create, confirm, all with the service
			// token and the derived keys.
			keys := checkout.DeriveKeys(alice, "k-1")
			if got := e.customers.CallsTo("GET", "/internal/customers/1"); len(got) != 1 || got[0].Authorization != "Bearer "+serviceToken {
				t.Fatalf("customer calls %+v", got)
			}
			creates := e.orders.CallsTo("POST", "/orders")
			if len(creates) != 1 || creates[0].IdempotencyKey != keys.Create || creates[0].Authorization != "Bearer "+serviceToken {
				t.Fatalf("create calls %+v, want key %s", creates, keys.Create)
			}
			confirms := e.orders.CallsTo("POST", "/orders/1/confirm")
			if len(confirms) != 1 || confirms[0].IdempotencyKey != keys.Confirm {
				t.Fatalf("confirm calls %+v", confirms)
			}
		})
	}
}

// wantKeys checks that the object at path (dot-separated) has exactly keys.
func wantKeys(t *testing.T, body []byte, path string, keys ...string) {
	t.Helper()
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil {
		t.Fatal(err)
	}
	if path != "" {
		for _, p := range strings.Split(path, ".") {
			var inner map[string]json.RawMessage
			if err := json.Unmarshal(obj[p], &inner); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			obj = inner
		}
	}
	if len(obj) != len(keys) {
		t.Fatalf("%s has members %v, want %v", path, mapKeys(obj), keys)
	}
	for _, k := range keys {
		if _, ok := obj[k]; !ok {
			t.Fatalf("%s lacks %q (has %v)", path, k, mapKeys(obj))
		}
	}
}

func mapKeys(m map[string]json.RawMessage) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestUnknownCustomerIs404AtValidateCustomer(t *testing.T) {
	e := newEnv(t)
	w := e.do(req{body: order(99, "k-1", [2]int64{2, 1})})
	wantFailure(t, w, http.StatusNotFound, "customer_not_found", "validate_customer")
	if n := len(e.orders.Calls()); n != 0 {
		t.Fatalf("orders-api got %d calls, want none", n)
	}
}

func TestInsufficientStockIs409AndLeavesNothing(t *testing.T) {
	e := newEnv(t)
	w := e.do(req{body: order(1, "k-1", [2]int64{1, 2}, [2]int64{2, 51})})
	f := wantFailure(t, w, http.StatusConflict, "insufficient_stock", "create_order")
	var details []struct{ ProductID, Requested, Available int64 }
	if err := json.Unmarshal(f.Error.Details, &details); err != nil {
		t.Fatal(err)
	}
	// The downstream details pass through as they are.
	if string(f.Error.Details) != `[{"product_id":2,"requested":51,"available":50}]` {
		t.Fatalf("details %s", f.Error.Details)
	}
	if e.orders.Stock(1) != 50 || e.orders.Stock(2) != 50 || len(e.orders.Orders()) != 0 {
		t.Fatalf("stock %d/%d, orders %d: something was left behind", e.orders.Stock(1), e.orders.Stock(2), len(e.orders.Orders()))
	}
	if f.Error.Compensated != nil || len(e.orders.CallsTo("POST", "/orders/1/confirm")) != 0 {
		t.Fatalf("no confirm and no compensation expected: %s", w.Body.String())
	}
}

func TestUnknownProductIs404AtCreateOrder(t *testing.T) {
	e := newEnv(t)
	w := e.do(req{body: order(1, "k-1", [2]int64{7, 1})})
	wantFailure(t, w, http.StatusNotFound, "product_not_found", "create_order")
}

// failConfirm makes every confirm answer status with code.
func failConfirm(status int, code string) fakes.Hook {
	return func(w http.ResponseWriter, r *http.Request, _ int) bool {
		if !strings.HasSuffix(r.URL.Path, "/confirm") {
			return false
		}
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, `{"type":"x","title":"x","status":%d,"detail":"confirm failed","code":%q}`, status, code)
		return true
	}
}

func TestConfirmFailureCancelsTheOrder(t *testing.T) {
	for _, tc := range []struct {
		name       string
		hook       fakes.Hook
		status     int
		code       string
		minConfirm int
	}{
		{"business refusal", failConfirm(http.StatusConflict, "invalid_state"), 409, "invalid_state", 1},
		{"server error", failConfirm(http.StatusInternalServerError, "internal_error"), 502, "upstream_unavailable", 1},
		{"down after retries", failConfirm(http.StatusServiceUnavailable, "unavailable"), 502, "upstream_unavailable", 3},
		{"hanging", func(w http.ResponseWriter, r *http.Request, _ int) bool {
			if strings.HasSuffix(r.URL.Path, "/confirm") {
				<-r.Context().Done()
				return true
			}
			return false
		}, 504, "upstream_timeout", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.orders.SetHook(tc.hook)
			w := e.do(req{body: order(1, "k-1", [2]int64{2, 5})})
			f := wantFailure(t, w, tc.status, tc.code, "confirm_order")
			if f.Error.Compensated == nil || !*f.Error.Compensated || f.Error.OrderID != 1 {
				t.Fatalf("want compensated order 1: %s", w.Body.String())
			}
			if n := len(e.orders.CallsTo("POST", "/orders/1/confirm")); n < tc.minConfirm {
				t.Fatalf("%d confirm attempts, want at least %d", n, tc.minConfirm)
			}
			cancels := e.orders.CallsTo("POST", "/orders/1/cancel")
			if len(cancels) != 1 || cancels[0].IdempotencyKey != checkout.DeriveKeys(alice, "k-1").Cancel {
				t.Fatalf("cancel calls %+v", cancels)
			}
			if o := e.orders.Orders(); len(o) != 1 || o[0].Status != "CANCELED" || e.orders.Stock(2) != 50 {
				t.Fatalf("orders %+v stock %d: want one CANCELED order and stock back at 50", o, e.orders.Stock(2))
			}
		})
	}
}

func TestFailedCompensationIsReported(t *testing.T) {
	e := newEnv(t)
	e.orders.SetHook(func(w http.ResponseWriter, r *http.Request, n int) bool {
		if strings.HasSuffix(r.URL.Path, "/confirm") || strings.HasSuffix(r.URL.Path, "/cancel") {
			w.WriteHeader(http.StatusInternalServerError)
			return true
		}
		return false
	})
	w := e.do(req{body: order(1, "k-1", [2]int64{2, 5})})
	f := wantFailure(t, w, http.StatusBadGateway, "upstream_unavailable", "confirm_order")
	if f.Error.Compensated == nil || *f.Error.Compensated {
		t.Fatalf("want compensated false: %s", w.Body.String())
	}
	if !strings.Contains(e.logs.String(), "compensation failed") {
		t.Fatal("a failed compensation must be logged")
	}
}

func TestTransient503IsRetriedIntoOneOrder(t *testing.T) {
	e := newEnv(t)
	e.orders.SetHook(func(w http.ResponseWriter, r *http.Request, n int) bool {
		if n == 1 { // the first create
			w.WriteHeader(http.StatusServiceUnavailable)
			return true
		}
		return false
	})
	e.customers.SetHook(func(w http.ResponseWriter, r *http.Request, n int) bool {
		if n == 1 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			return true
		}
		return false
	})
	wantSuccess(t, e.do(req{body: order(1, "k-1", [2]int64{2, 1})}))
	creates := e.orders.CallsTo("POST", "/orders")
	if len(creates) != 2 || creates[0].IdempotencyKey != creates[1].IdempotencyKey {
		t.Fatalf("create calls %+v, want 2 with one key", creates)
	}
	if len(e.orders.Orders()) != 1 || e.orders.Stock(2) != 49 {
		t.Fatalf("want one order and stock taken once")
	}
	if n := len(e.customers.Calls()); n != 2 {
		t.Fatalf("customer calls %d, want 2 (429 retried)", n)
	}
}

func TestHangingDependencyIs504WithinTheDeadline(t *testing.T) {
	for _, tc := range []struct {
		name string
		hang func(e *env, h fakes.Hook)
		step string
	}{
		{"customers-api", func(e *env, h fakes.Hook) { e.customers.SetHook(h) }, "validate_customer"},
		{"orders-api", func(e *env, h fakes.Hook) { e.orders.SetHook(h) }, "create_order"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			total := 700 * time.Millisecond
			e := newEnv(t, func(c *config.Config) {
				c.Timeouts = config.Timeouts{Total: total, Attempt: 200 * time.Millisecond, MaxAttempts: 10, Compensation: time.Second}
			})
			tc.hang(e, func(w http.ResponseWriter, r *http.Request, _ int) bool {
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
				return true
			})
			start := time.Now()
			w := e.do(req{body: order(1, "k-1", [2]int64{2, 1})})
			elapsed := time.Since(start)
			wantFailure(t, w, http.StatusGatewayTimeout, "upstream_timeout", tc.step)
			// Generous slack for a loaded machine; the hang itself lasts 5s.
			if elapsed > total+time.Second {
				t.Fatalf("answered after %v, deadline %v", elapsed, total)
			}
			if len(e.orders.Orders()) != 0 {
				t.Fatal("no order may exist")
			}
		})
	}
}

func TestDependencyDownIs502(t *testing.T) {
	e := newEnv(t, func(c *config.Config) { c.OrdersAPI = "http://127.0.0.1:1" })
	f := wantFailure(t, e.do(req{body: order(1, "k-1", [2]int64{2, 1})}), http.StatusBadGateway, "upstream_unavailable", "create_order")
	if strings.Contains(f.Error.Message, "127.0.0.1") {
		t.Fatalf("message %q leaks the internal address", f.Error.Message)
	}
}

func TestWrongServiceTokenIs502NotAClientError(t *testing.T) {
	e := newEnv(t, func(c *config.Config) { c.Auth.ServiceToken = "not-the-token" })
	wantFailure(t, e.do(req{body: order(1, "k-1", [2]int64{2, 1})}), http.StatusBadGateway, "upstream_unavailable", "validate_customer")
}

func TestReplayReturnsTheSameOrder(t *testing.T) {
	e := newEnv(t)
	body := order(1, "k-1", [2]int64{2, 3})
	first := wantSuccess(t, e.do(req{body: body}))
	for range 4 {
		again := wantSuccess(t, e.do(req{body: body}))
		if again.Data.Order.ID != first.Data.Order.ID || again.Data.Order.TotalCents != first.Data.Order.TotalCents {
			t.Fatalf("replay gave order %+v, first %+v", again.Data.Order, first.Data.Order)
		}
	}
	if len(e.orders.Orders()) != 1 || e.orders.Stock(2) != 47 {
		t.Fatalf("orders %d stock %d: want one order, stock taken once", len(e.orders.Orders()), e.orders.Stock(2))
	}
}

func TestReplayAfterTheOrderWasCanceledDoesNotClaimConfirmed(t *testing.T) {
	// As after a confirm that succeeded but whose answer was lost and was
	// compensated, or an operator's cancel: orders-api replays the stored
	// CONFIRMED answer, but the order is CANCELED now.
	e := newEnv(t)
	body := order(1, "k-1", [2]int64{2, 3})
	first := wantSuccess(t, e.do(req{body: body}))
	e.orders.Cancel(first.Data.Order.ID)
	f := wantFailure(t, e.do(req{body: body}), http.StatusConflict, "invalid_state", "confirm_order")
	if f.Error.OrderID != first.Data.Order.ID {
		t.Fatalf("failure names order %d, want %d", f.Error.OrderID, first.Data.Order.ID)
	}
	if len(e.orders.Orders()) != 1 || e.orders.Stock(2) != 50 {
		t.Fatalf("orders %d stock %d: want the one order, its stock back", len(e.orders.Orders()), e.orders.Stock(2))
	}
}

func TestConcurrentReplaysYieldOneOrder(t *testing.T) {
	e := newEnv(t)
	body := order(1, "k-1", [2]int64{2, 3})
	var wg sync.WaitGroup
	ids := make([]int64, 10)
	for i := range ids {
		wg.Go(func() {
			w := e.do(req{body: body})
			if w.Code == http.StatusCreated {
				ids[i] = decode[success](t, w).Data.Order.ID
			}
		})
	}
	wg.Wait()
	for _, id := range ids {
		if id != 1 {
			t.Fatalf("order ids %v, want all 1", ids)
		}
	}
	if len(e.orders.Orders()) != 1 || e.orders.Stock(2) != 47 {
		t.Fatalf("want one order, stock taken once")
	}
}

func TestRetryAfterACrashBetweenStepsConfirmsTheSameOrder(t *testing.T) {
	e := newEnv(t)
	// The first run's create reached orders-api, then every other call
	// was lost, the compensation too: as after a crash between steps, the
	// order exists, CREATED, under the derived key.
	e.orders.SetHook(func(w http.ResponseWriter, r *http.Request, _ int) bool {
		if r.URL.Path != "/orders" {
			panic(http.ErrAbortHandler) // the connection drops
		}
		return false
	})
	body := order(1, "k-1", [2]int64{2, 3})
	e.do(req{body: body})
	if o := e.orders.Orders(); len(o) != 1 || o[0].Status != "CREATED" {
		t.Fatalf("setup: orders %+v, want one CREATED", o)
	}
	e.orders.SetHook(nil)
	s := wantSuccess(t, e.do(req{body: body}))
	if s.Data.Order.ID != 1 || len(e.orders.Orders()) != 1 || e.orders.Stock(2) != 47 {
		t.Fatalf("retry gave order %d; orders %d, stock %d", s.Data.Order.ID, len(e.orders.Orders()), e.orders.Stock(2))
	}
}

func TestSameKeyDifferentBodyIs422(t *testing.T) {
	e := newEnv(t)
	wantSuccess(t, e.do(req{body: order(1, "k-1", [2]int64{2, 3})}))
	wantFailure(t, e.do(req{body: order(1, "k-1", [2]int64{2, 4})}), http.StatusUnprocessableEntity, "idempotency_key_reused", "create_order")
	if len(e.orders.Orders()) != 1 || e.orders.Stock(2) != 47 {
		t.Fatal("the reused key must change nothing")
	}
}

func TestTwoCallersWithTheSameKeyGetTwoOrders(t *testing.T) {
	e := newEnv(t)
	body := order(1, "k-1", [2]int64{2, 1})
	a := wantSuccess(t, e.do(req{body: body}))
	b := wantSuccess(t, e.do(req{body: body, auth: "Bearer " + operatorJWT(t, "bob")}))
	if a.Data.Order.ID == b.Data.Order.ID {
		t.Fatal("alice and bob share an order")
	}
	creates := e.orders.CallsTo("POST", "/orders")
	if len(creates) != 2 || creates[0].IdempotencyKey == creates[1].IdempotencyKey {
		t.Fatalf("create keys %+v must differ", creates)
	}
}

func TestAnonymousCallsWhenAuthIsOff(t *testing.T) {
	e := newEnv(t, func(c *config.Config) { c.Auth.Required = false })
	wantSuccess(t, e.do(req{body: order(1, "k-1", [2]int64{2, 1}), auth: "-"}))
	if got := e.orders.CallsTo("POST", "/orders")[0].IdempotencyKey; got != checkout.DeriveKeys(reqctx.Caller{Kind: "anonymous", Subject: "anonymous"}, "k-1").Create {
		t.Fatalf("key %s not scoped to the anonymous caller", got)
	}
}

func TestHealthAndReady(t *testing.T) {
	e := newEnv(t)
	for _, p := range []string{"/health", "/ready"} {
		w := e.do(req{method: "GET", path: p, auth: "-"})
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"service":"orchestrator"`) {
			t.Fatalf("%s: %d %s", p, w.Code, w.Body.String())
		}
	}
	if w := e.do(req{method: "GET", path: route}); w.Code != http.StatusMethodNotAllowed {
		t.Fatalf("GET %s: %d", route, w.Code)
	}
}
