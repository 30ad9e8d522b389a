// Package fakes holds in-memory fakes of customers-api and orders-api,
// served by httptest, for the orchestrator's tests. They follow the
// contract (SPEC §3, §4, §6) closely enough to prove the workflow: the
// service token, problem bodies, stock, states and idempotency keys. A Hook
// injects failures (a 503, a hang) before the fake's own behaviour.
package fakes

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/b2b-backoffice/platform/problem"
	"github.com/b2b-backoffice/platform/reqctx"
)

// Call is one request a fake received.
type Call struct {
	Method, Path   string
	IdempotencyKey string
	CorrelationID  string
	RequestID      string
	Authorization  string
	Body           []byte
}

// Hook sees each request first; returning true means it answered.
type Hook func(w http.ResponseWriter, r *http.Request, n int) bool

// recorder is the part both fakes share: the calls seen, the token
// check, and the hook.
type recorder struct {
	mu    sync.Mutex
	token string
	calls []Call
	hook  Hook
}

// SetHook installs h (nil removes it).
func (rc *recorder) SetHook(h Hook) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.hook = h
}

// Calls returns the requests received so far.
func (rc *recorder) Calls() []Call {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]Call(nil), rc.calls...)
}

// CallsTo returns the calls whose path is path.
func (rc *recorder) CallsTo(method, path string) []Call {
	var out []Call
	for _, c := range rc.Calls() {
		if c.Method == method && c.Path == path {
			out = append(out, c)
		}
	}
	return out
}

// wrap records each call, applies the hook, and checks the service token.
func (rc *recorder) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := readAll(r)
		rc.mu.Lock()
		rc.calls = append(rc.calls, Call{
			Method: r.Method, Path: r.URL.Path,
			IdempotencyKey: r.Header.Get("X-Idempotency-Key"),
			CorrelationID:  r.Header.Get(reqctx.HeaderCorrelationID),
			RequestID:      r.Header.Get(reqctx.HeaderRequestID),
			Authorization:  r.Header.Get("Authorization"),
			Body:           body,
		})
		n, hook := len(rc.calls), rc.hook
		rc.mu.Unlock()
		if hook != nil && hook(w, r, n) {
			return
		}
		if r.Header.Get("Authorization") != "Bearer "+rc.token {
			writeProblem(w, problem.New(problem.Unauthorized, "the service token is required"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func serve(t testing.TB, h http.Handler) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func writeProblem(w http.ResponseWriter, e *problem.Error) { problem.Write(w, e, "fake-request-id") }

func writeJSON(w http.ResponseWriter, status int, v any) []byte {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
	return b
}
