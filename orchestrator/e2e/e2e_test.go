// Package e2e_test starts the three real services - customers-api,
// orders-api and the orchestrator, built from this repository - on fresh
// databases and drives the orchestrator as a client would (SPEC §5).
//
// It needs the test database (TEST_MYSQL_DSN): without one it is skipped,
// with CI=true it fails, as platform/dbtest decides.
package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/b2b-backoffice/platform/apitest"
	"github.com/b2b-backoffice/platform/auth"
	"github.com/b2b-backoffice/platform/dbtest"
)

const (
	serviceToken = "e2e-service-token"
	jwtSecret    = "e2e-jwt-secret-0123456789abcdef0123456"
)

// system is the three services, running.
type system struct {
	customers, orders, orchestrator string // base URLs
	jwt                             string
	// customersLog and ordersLog collect those services' output.
	customersLog, ordersLog *apitest.SyncBuffer
}

func startSystem(t *testing.T) *system {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	// Databases first: without one the test skips (or fails under CI)
	// before spending time on builds.
	custDB := dbtest.New(t, nil)
	ordDB := dbtest.New(t, nil)

	bin := t.TempDir()
	build(t, "../../customers-api", "./cmd/customers-api", filepath.Join(bin, "customers-api"))
	build(t, "../../orders-api", "./cmd/orders-api", filepath.Join(bin, "orders-api"))
	build(t, "..", "./cmd/orchestrator", filepath.Join(bin, "orchestrator"))

	s := &system{}
	cp, op, xp := freePort(t), freePort(t), freePort(t)
	s.customers = "http://127.0.0.1:" + cp
	s.orders = "http://127.0.0.1:" + op
	s.orchestrator = "http://127.0.0.1:" + xp
	common := []string{"SERVICE_TOKEN=" + serviceToken, "JWT_SECRET=" + jwtSecret, "AUTH_REQUIRED=true", "LOG_LEVEL=info"}

	cust := start(t, filepath.Join(bin, "customers-api"), append(common, "PORT="+cp, "DB_DSN="+custDB.DSN()))
	ord := start(t, filepath.Join(bin, "orders-api"), append(common, "PORT="+op, "DB_DSN="+ordDB.DSN(),
		"CUSTOMERS_API_BASE="+s.customers))
	orc := start(t, filepath.Join(bin, "orchestrator"), append(common, "PORT="+xp,
		"CUSTOMERS_API_BASE="+s.customers, "ORDERS_API_BASE="+s.orders))
	apitest.WaitReady(t, s.customers+"/ready", cust.exited, cust.log)
	apitest.WaitReady(t, s.orders+"/ready", ord.exited, ord.log)
	apitest.WaitReady(t, s.orchestrator+"/ready", orc.exited, orc.log)
	s.customersLog, s.ordersLog = cust.log, ord.log
	jwt, err := auth.Mint(jwtSecret, "e2e-operator", "", "", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	s.jwt = jwt
	return s
}

// build compiles one service's command as it would be built outside the
// workspace.
func build(t *testing.T, dir, pkg, out string) {
	t.Helper()
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s in %s: %v\n%s", pkg, dir, err, b)
	}
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

// start runs a service with exactly env (no inherited DB_* or secrets) and
// stops it gracefully when the test ends; its log is shown if the test
// failed.
func start(t *testing.T, path string, env []string) *proc {
	t.Helper()
	out := &apitest.SyncBuffer{}
	cmd := exec.Command(path)
	cmd.Env = append(env, "PATH="+os.Getenv("PATH"))
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	done := make(chan struct{})
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait(); close(done) }()
	name := filepath.Base(path)
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("--- %s log ---\n%s", name, lastBytes(out.String(), 8000))
		}
	})
	return &proc{log: out, exited: exited}
}

// proc is a started service: its output and the channel its exit arrives on.
type proc struct {
	log    *apitest.SyncBuffer
	exited <-chan error
}

func lastBytes(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// call sends one JSON request with the operator JWT and returns the status
// and body.
func (s *system) call(t *testing.T, method, url string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+s.jwt)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Errorf("%s %s: %v", method, url, err)
		return 0, nil
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// must decodes a body answered with want into v.
func must[T any](t *testing.T, status, want int, body []byte) T {
	t.Helper()
	var v T
	if status != want {
		t.Fatalf("status %d, want %d: %s", status, want, body)
	}
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return v
}

type idOnly struct {
	ID int64 `json:"id"`
}

type product struct {
	ID    int64 `json:"id"`
	Stock int64 `json:"stock"`
}

type result struct {
	Success       bool   `json:"success"`
	CorrelationID string `json:"correlationId"`
	Data          struct {
		Customer idOnly `json:"customer"`
		Order    struct {
			ID         int64  `json:"id"`
			Status     string `json:"status"`
			TotalCents int64  `json:"total_cents"`
		} `json:"order"`
	} `json:"data"`
	Error struct {
		Code    string          `json:"code"`
		Step    string          `json:"step"`
		Details json.RawMessage `json:"details"`
	} `json:"error"`
}

func (s *system) stock(t *testing.T, id int64) int64 {
	t.Helper()
	st, b := s.call(t, "GET", fmt.Sprintf("%s/products/%d", s.orders, id), nil)
	return must[product](t, st, 200, b).Stock
}

func (s *system) orderCount(t *testing.T) int {
	t.Helper()
	st, b := s.call(t, "GET", s.orders+"/orders?limit=100", nil)
	return len(must[struct {
		Data []json.RawMessage `json:"data"`
	}](t, st, 200, b).Data)
}

func (s *system) orchestrate(t *testing.T, body map[string]any) (int, result) {
	t.Helper()
	st, b := s.call(t, "POST", s.orchestrator+"/orchestrator/create-and-confirm-order", body)
	var r result
	if err := json.Unmarshal(b, &r); err != nil {
		t.Errorf("orchestrator answered %d %q: %v", st, b, err)
	}
	return st, r
}

func TestEndToEnd(t *testing.T) {
	s := startSystem(t)

	st, b := s.call(t, "POST", s.customers+"/customers", map[string]any{"name": "ACME", "email": "ops@acme.com"})
	cust := must[idOnly](t, st, 201, b)
	st, b = s.call(t, "POST", s.orders+"/products", map[string]any{"sku": "E2E-LAPTOP", "name": "Laptop", "price_cents": 129900, "stock": 50})
	laptop := must[product](t, st, 201, b)
	st, b = s.call(t, "POST", s.orders+"/products", map[string]any{"sku": "E2E-MOUSE", "name": "Mouse", "price_cents": 2500, "stock": 5})
	mouse := must[product](t, st, 201, b)

	brief := map[string]any{
		"customer_id":     cust.ID,
		"items":           []map[string]any{{"product_id": laptop.ID, "qty": 3}},
		"idempotency_key": "abc-123",
		"correlation_id":  "req-789",
	}

	var orderID int64
	t.Run("the brief's flow confirms the order", func(t *testing.T) {
		st, r := s.orchestrate(t, brief)
		if st != 201 || !r.Success || r.CorrelationID != "req-789" || r.Data.Order.Status != "CONFIRMED" ||
			r.Data.Order.TotalCents != 3*129900 || r.Data.Customer.ID != cust.ID {
			t.Fatalf("status %d result %+v", st, r)
		}
		orderID = r.Data.Order.ID
		if got := s.stock(t, laptop.ID); got != 47 {
			t.Fatalf("stock %d, want 47", got)
		}
		// The correlation id reached both services and their logs.
		for name, log := range map[string]*apitest.SyncBuffer{"customers-api": s.customersLog, "orders-api": s.ordersLog} {
			if !strings.Contains(log.String(), `"correlation_id":"req-789"`) {
				t.Errorf("%s never logged correlation id req-789", name)
			}
		}
	})

	t.Run("five replays: one order, stock taken once", func(t *testing.T) {
		for i := range 5 {
			st, r := s.orchestrate(t, brief)
			if st != 201 || r.Data.Order.ID != orderID || r.Data.Order.Status != "CONFIRMED" {
				t.Fatalf("replay %d: status %d result %+v, want order %d", i, st, r, orderID)
			}
		}
		if got, n := s.stock(t, laptop.ID), s.orderCount(t); got != 47 || n != 1 {
			t.Fatalf("stock %d orders %d, want 47 and 1", got, n)
		}
	})

	t.Run("ten concurrent calls with one new key: one order", func(t *testing.T) {
		body := map[string]any{"customer_id": cust.ID, "items": []map[string]any{{"product_id": laptop.ID, "qty": 2}},
			"idempotency_key": "concurrent-1"}
		var wg sync.WaitGroup
		ids := make([]int64, 10)
		statuses := make([]int, 10)
		for i := range ids {
			wg.Go(func() {
				st, r := s.orchestrate(t, body)
				statuses[i], ids[i] = st, r.Data.Order.ID
			})
		}
		wg.Wait()
		for i := range ids {
			if statuses[i] != 201 || ids[i] != ids[0] || ids[0] == 0 {
				t.Fatalf("statuses %v order ids %v, want ten 201 with one order", statuses, ids)
			}
		}
		if got, n := s.stock(t, laptop.ID), s.orderCount(t); got != 45 || n != 2 {
			t.Fatalf("stock %d orders %d, want 45 and 2", got, n)
		}
	})

	t.Run("unknown customer is 404 at validate_customer", func(t *testing.T) {
		st, r := s.orchestrate(t, map[string]any{"customer_id": 999999, "items": []map[string]any{{"product_id": laptop.ID, "qty": 1}},
			"idempotency_key": "unknown-customer"})
		if st != 404 || r.Success || r.Error.Code != "customer_not_found" || r.Error.Step != "validate_customer" {
			t.Fatalf("status %d result %+v", st, r)
		}
	})

	t.Run("too little stock is 409 and takes nothing", func(t *testing.T) {
		before := s.orderCount(t)
		st, r := s.orchestrate(t, map[string]any{"customer_id": cust.ID,
			"items":           []map[string]any{{"product_id": laptop.ID, "qty": 1}, {"product_id": mouse.ID, "qty": 6}},
			"idempotency_key": "too-much"})
		if st != 409 || r.Error.Code != "insufficient_stock" || r.Error.Step != "create_order" || len(r.Error.Details) == 0 {
			t.Fatalf("status %d result %+v", st, r)
		}
		if l, m, n := s.stock(t, laptop.ID), s.stock(t, mouse.ID), s.orderCount(t); l != 45 || m != 5 || n != before {
			t.Fatalf("stock %d/%d orders %d: something was taken", l, m, n)
		}
	})

	t.Run("same key, other body is 422", func(t *testing.T) {
		other := map[string]any{"customer_id": cust.ID, "items": []map[string]any{{"product_id": laptop.ID, "qty": 4}},
			"idempotency_key": "abc-123"}
		st, r := s.orchestrate(t, other)
		if st != 422 || r.Error.Code != "idempotency_key_reused" || r.Error.Step != "create_order" {
			t.Fatalf("status %d result %+v", st, r)
		}
		if got := s.stock(t, laptop.ID); got != 45 {
			t.Fatalf("stock %d, want 45", got)
		}
	})
}
