package httpx_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/b2b-backoffice/platform/httpx"
	"github.com/b2b-backoffice/platform/logging"
	"github.com/b2b-backoffice/platform/problem"
	"github.com/b2b-backoffice/platform/reqctx"
)

func TestNewRouter(t *testing.T) {
	var buf bytes.Buffer
	log := logging.New(&buf, "svc", slog.LevelDebug)
	var notReady error
	// before sees the ids IDs settled and sets a correlation id that the
	// access line must carry.
	before := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if reqctx.RequestID(r.Context()) == "" {
				t.Error("before ran ahead of IDs")
			}
			next.ServeHTTP(w, r.WithContext(reqctx.WithCorrelationID(r.Context(), "cid-before")))
		})
	}
	r := httpx.NewRouter("svc", log, func(context.Context) error { return notReady }, before)
	r.Get("/things", func(w http.ResponseWriter, r *http.Request) { _ = httpx.WriteJSON(w, 200, []int{}) })
	r.Get("/boom", func(http.ResponseWriter, *http.Request) { panic("boom") })

	do := func(method, path string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		r.ServeHTTP(w, httptest.NewRequest(method, path, nil))
		if w.Header().Get("X-Request-Id") == "" {
			t.Errorf("%s %s: no X-Request-Id", method, path)
		}
		return w
	}
	for _, c := range []struct {
		method, path string
		status       int
		code         problem.Code
	}{
		{"GET", "/health", 200, ""},
		{"GET", "/ready", 200, ""},
		{"GET", "/things", 200, ""},
		{"GET", "/nope", 404, problem.NotFound},
		{"DELETE", "/things", 405, problem.MethodNotAllowed},
		{"GET", "/boom", 500, problem.Internal},
	} {
		w := do(c.method, c.path)
		if w.Code != c.status {
			t.Errorf("%s %s: %d, want %d: %s", c.method, c.path, w.Code, c.status, w.Body.String())
		}
		if c.code != "" && (w.Header().Get("Content-Type") != problem.ContentType || !bytes.Contains(w.Body.Bytes(), []byte(`"code":"`+c.code+`"`))) {
			t.Errorf("%s %s: %v %s, want a %s problem", c.method, c.path, w.Header(), w.Body.String(), c.code)
		}
	}
	notReady = errors.New("db down")
	if w := do("GET", "/ready"); w.Code != 503 {
		t.Errorf("ready while the check fails: %d", w.Code)
	}

	var access int
	for _, m := range logLines(t, &buf) {
		if m["msg"] != "request" {
			continue
		}
		access++
		if m["correlation_id"] != "cid-before" {
			t.Errorf("access line without before's correlation id: %v", m)
		}
	}
	if access != 7 {
		t.Errorf("%d access lines, want one per request (7)", access)
	}
}
