package httpapi_test

import (
	"encoding/json"
	"fmt"
	"github.com/b2b-backoffice/platform/apitest"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/b2b-backoffice/platform/httpx"
	"github.com/b2b-backoffice/platform/problem"
)

func TestMalformedBodies(t *testing.T) {
	e := newEnv(t)
	c := e.create("Cyberdyne", "miles@cyberdyne.com")
	for _, target := range []req{{Method: "POST", Path: "/customers"}, {Method: "PUT", Path: path(c.ID)}} {
		cases := []struct {
			name, body string
			status     int
			code       problem.Code
		}{
			{"truncated", `{"name":"A"`, 400, problem.InvalidJSON},
			{"not JSON", `name=A`, 400, problem.InvalidJSON},
			{"trailing comma", `{"name":"A",}`, 400, problem.InvalidJSON},
			{"two objects", `{"name":"A"}{"name":"B"}`, 400, problem.InvalidJSON},
			{"trailing garbage", `{"name":"A"} x`, 400, problem.InvalidJSON},
			{"array", `[{"name":"A"}]`, 400, problem.InvalidJSON},
			{"string", `"A"`, 400, problem.InvalidJSON},
			{"null", `null`, 400, problem.InvalidJSON},
			{"whitespace only", " \n\t ", 400, problem.InvalidJSON},
			{"single quotes", `{'name':'A'}`, 400, problem.InvalidJSON},
			{"type error then syntax error", `{"name":1,`, 400, problem.InvalidJSON},
		}
		for _, tc := range cases {
			t.Run(target.Method+" "+tc.name, func(t *testing.T) {
				r := target
				r.Body = tc.body
				apitest.WantProblem(t, e.do(r), tc.status, tc.code)
			})
		}
		t.Run(target.Method+" no body", func(t *testing.T) {
			apitest.WantProblem(t, e.do(target), http.StatusBadRequest, problem.InvalidJSON)
		})
		t.Run(target.Method+" oversized body", func(t *testing.T) {
			r := target
			// Valid JSON, one byte over 1 MiB.
			pad := httpx.MaxBodyBytes + 1 - len(`{"name":""}`)
			r.Body = `{"name":"` + strings.Repeat("a", pad) + `"}`
			apitest.WantProblem(t, e.do(r), http.StatusRequestEntityTooLarge, problem.BodyTooLarge)
		})
		for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "nonsense"} {
			t.Run(target.Method+" Content-Type "+ct, func(t *testing.T) {
				r := target
				r.Body = `{"name":"A","email":"ct@example.com"}`
				r.Header = map[string]string{"Content-Type": ct}
				apitest.WantProblem(t, e.do(r), http.StatusUnsupportedMediaType, problem.UnsupportedMediaType)
			})
		}
	}
	t.Run("JSON content types accepted", func(t *testing.T) {
		for i, ct := range []string{"", "application/json", "application/json; charset=utf-8", "Application/JSON"} {
			w := e.do(req{Method: "POST", Path: "/customers", Body: fmt.Sprintf(`{"name":"CT","email":"ct%d@example.com"}`, i),
				Header: map[string]string{"Content-Type": ct}})
			apitest.WantStatus(t, w, http.StatusCreated)
		}
	})
	t.Run("a body of just under 1 MiB is read (and then validated)", func(t *testing.T) {
		pad := httpx.MaxBodyBytes - len(`{"name":""}`)
		b := apitest.WantProblem(t, e.do(req{Method: "POST", Path: "/customers", Body: `{"name":"` + strings.Repeat("a", pad) + `"}`}),
			http.StatusBadRequest, problem.ValidationFailed)
		apitest.WantField(t, b, "name")
	})
}

func TestHostileInput(t *testing.T) {
	e := newEnv(t)
	cases := []struct{ name, email, phone string }{
		{"Robert'); DROP TABLE customers;--", "bobby@tables.com", "1' OR '1'='1"},
		{`"quoted" \ back\slash`, "quote@example.com", `\"`},
		{"日本語の会社 🚀", "unicode@example.com", "+81 ３"},
		{"<script>alert(1)</script>", "xss@example.com", "%_%"},
		{"tab\tand\nnewline", "ctl@example.com", ""},
		{strings.Repeat("𝔘", 120), "astral@example.com", strings.Repeat("9", 32)},
	}
	for _, tc := range cases {
		t.Run(tc.email, func(t *testing.T) {
			var c customer
			if tc.phone == "" {
				c = e.create(tc.name, tc.email)
			} else {
				c = e.create(tc.name, tc.email, tc.phone)
			}
			g := apitest.DecodeAs[customer](t, e.do(req{Method: "GET", Path: path(c.ID)}))
			wantPhone := "null"
			if tc.phone != "" {
				wantPhone = mustJSON(t, tc.phone)
			}
			if g.Name != tc.name || g.Email != tc.email || string(g.Phone) != wantPhone {
				t.Errorf("stored %+v, sent %+v", g, tc)
			}
		})
	}
	var n int
	if err := e.db.Get(&n, "SELECT COUNT(*) FROM customers"); err != nil || n != len(cases) {
		t.Errorf("customers table has %d rows (%v), want %d", n, err, len(cases))
	}
	t.Run("huge strings are rejected, not truncated", func(t *testing.T) {
		b := apitest.WantProblem(t, e.do(req{Method: "POST", Path: "/customers",
			Body: mustJSON(t, map[string]string{"name": strings.Repeat("x", 100_000), "email": strings.Repeat("y", 100_000) + "@example.com"})}),
			http.StatusBadRequest, problem.ValidationFailed)
		apitest.WantField(t, b, "name")
		apitest.WantField(t, b, "email")
	})
	t.Run("invalid UTF-8 is not a 500", func(t *testing.T) {
		w := e.do(req{Method: "POST", Path: "/customers", Body: "{\"name\":\"bad \xff\xfe\",\"email\":\"utf8@example.com\"}"})
		if w.Code != http.StatusCreated && w.Code != http.StatusBadRequest {
			t.Fatalf("status %d: %s", w.Code, w.Body.String())
		}
	})
	t.Run("deeply nested JSON", func(t *testing.T) {
		body := `{"name":` + strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000) + `}`
		w := e.do(req{Method: "POST", Path: "/customers", Body: body})
		// Past encoding/json's depth limit it is invalid_json, below it a
		// wrong type: either way a 400, never a crash.
		if b := apitest.DecodeAs[problem.Body](t, w); w.Code != http.StatusBadRequest || (b.Code != problem.InvalidJSON && b.Code != problem.ValidationFailed) {
			t.Errorf("status %d code %s", w.Code, b.Code)
		}
	})
}

func TestRoutingAndIDs(t *testing.T) {
	e := newEnv(t)
	apitest.WantProblem(t, e.do(req{Method: "GET", Path: "/nope"}), http.StatusNotFound, problem.NotFound)
	apitest.WantProblem(t, e.do(req{Method: "PATCH", Path: "/customers/1", Body: `{}`}), http.StatusMethodNotAllowed, problem.MethodNotAllowed)

	w := e.do(req{Method: "GET", Path: "/customers", Header: map[string]string{"X-Request-Id": "req-123", "X-Correlation-Id": "corr-9"}})
	apitest.WantStatus(t, w, http.StatusOK)
	if w.Header().Get("X-Request-Id") != "req-123" || w.Header().Get("X-Correlation-Id") != "corr-9" {
		t.Errorf("ids not echoed: %v", w.Header())
	}
	w = e.do(req{Method: "GET", Path: "/customers"})
	if w.Header().Get("X-Request-Id") == "" || w.Header().Get("X-Correlation-Id") != "" {
		t.Errorf("want a generated request id and no correlation id: %v", w.Header())
	}
	// Errors carry the ids too, and the log line of the request names them.
	w = e.do(req{Method: "GET", Path: path(999), Header: map[string]string{"X-Request-Id": "req-404", "X-Correlation-Id": "corr-404"}})
	if b := apitest.WantProblem(t, w, http.StatusNotFound, problem.CustomerNotFound); b.RequestID != "req-404" || w.Header().Get("X-Correlation-Id") != "corr-404" {
		t.Errorf("problem request_id %q", b.RequestID)
	}
	found := false
	for _, line := range strings.Split(e.logs.String(), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) == nil && rec["msg"] == "request" && rec["request_id"] == "req-404" {
			found = true
			if rec["path"] != path(999) || rec["status"] != float64(404) || rec["correlation_id"] != "corr-404" {
				t.Errorf("log line %s", line)
			}
		}
	}
	if !found {
		t.Errorf("no access log line for the 404 in %s", e.logs.String())
	}
}

func TestHealthAndReady(t *testing.T) {
	e := newEnv(t)
	w := e.do(req{Method: "GET", Path: "/health", Auth: "-"})
	apitest.WantStatus(t, w, http.StatusOK)
	if got := strings.TrimSpace(w.Body.String()); got != `{"service":"customers-api","status":"ok"}` {
		t.Errorf("health %s", got)
	}
	apitest.WantStatus(t, e.do(req{Method: "GET", Path: "/ready", Auth: "-"}), http.StatusOK)
	e.db.Close()
	apitest.WantProblem(t, e.do(req{Method: "GET", Path: "/ready", Auth: "-"}), http.StatusServiceUnavailable, problem.Unavailable)
	// Liveness does not depend on the database.
	apitest.WantStatus(t, e.do(req{Method: "GET", Path: "/health", Auth: "-"}), http.StatusOK)
	// A request that needs the closed database is a masked 500.
	w = e.do(req{Method: "GET", Path: "/customers"})
	b := apitest.WantProblem(t, w, http.StatusInternalServerError, problem.Internal)
	if strings.Contains(strings.ToLower(b.Detail), "sql") {
		t.Errorf("5xx leaks internals: %q", b.Detail)
	}
}

// TestConcurrentRegistration: many simultaneous registrations of one email,
// in different cases, yield exactly one 201; all others are 409.
func TestConcurrentRegistration(t *testing.T) {
	e := newEnv(t)
	// Ten connections still race ten inserts at once, and a database
	// server shared by parallel test runs is not pushed past its
	// max_connections (a refused connection would be a 500 here).
	e.db.SetMaxOpenConns(10)
	const n = 20
	statuses := make([]int, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			email := "race@example.com"
			if i%2 == 1 {
				email = "RACE@Example.COM"
			}
			<-start
			statuses[i] = e.do(req{Method: "POST", Path: "/customers", Body: mustJSON(t, map[string]string{"name": fmt.Sprint("racer ", i), "email": email})}).Code
		}()
	}
	close(start)
	wg.Wait()
	created, conflict := 0, 0
	for _, s := range statuses {
		switch s {
		case http.StatusCreated:
			created++
		case http.StatusConflict:
			conflict++
		}
	}
	if created != 1 || conflict != n-1 {
		t.Fatalf("statuses %v: want one 201 and %d 409\n%s", statuses, n-1, failures(e))
	}
	var rows int
	if err := e.db.Get(&rows, "SELECT COUNT(*) FROM customers WHERE LOWER(email) = 'race@example.com'"); err != nil || rows != 1 {
		t.Errorf("%d rows hold the email (%v)", rows, err)
	}
}

// TestConcurrentEmailChange: PUTs racing to take one email: one wins.
func TestConcurrentEmailChange(t *testing.T) {
	e := newEnv(t)
	e.db.SetMaxOpenConns(10)
	const n = 10
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = e.create(fmt.Sprint("p", i), fmt.Sprintf("p%d@example.com", i)).ID
	}
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = e.do(req{Method: "PUT", Path: path(ids[i]), Body: `{"email":"Wanted@example.com"}`}).Code
		}()
	}
	wg.Wait()
	ok := 0
	for _, s := range statuses {
		if s == http.StatusOK {
			ok++
		} else if s != http.StatusConflict {
			t.Errorf("status %d", s)
		}
	}
	if ok != 1 {
		t.Errorf("statuses %v: want exactly one 200\n%s", statuses, failures(e))
	}
}

// failures returns the logged causes of 5xx answers.
func failures(e *env) string {
	var out []string
	for _, l := range strings.Split(e.logs.String(), "\n") {
		if strings.Contains(l, `"msg":"request failed"`) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
