package httpx_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/b2b-backoffice/platform/httpx"
	"github.com/b2b-backoffice/platform/logging"
	"github.com/b2b-backoffice/platform/problem"
	"github.com/b2b-backoffice/platform/reqctx"
)

func TestIDs(t *testing.T) {
	long := strings.Repeat("a", 129)
	cases := []struct {
		name, reqID, corrID string
		keepReq             bool
		wantCorr            string
	}{
		{"sane ids are taken", "req-123_ABC.9:x", "corr-1", true, "corr-1"},
		{"none: generated, no correlation", "", "", false, ""},
		{"128 characters is fine", strings.Repeat("r", 128), "", true, ""},
		{"too long is replaced", long, long, false, ""},
		{"spaces are replaced", "a b", "c d", false, ""},
		{"header injection is replaced", "a\r\nSet-Cookie: x=1", "x\ny", false, ""},
		{"quotes and backslashes are replaced", `a"b`, `c\d`, false, ""},
		{"non-ASCII is replaced", "réq", "ünï", false, ""},
		{"control characters are replaced", "a\x00b", "a\x7fb", false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var ctxReq, ctxCorr string
			h := httpx.IDs(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				ctxReq, ctxCorr = reqctx.RequestID(r.Context()), reqctx.CorrelationID(r.Context())
			}))
			r := httptest.NewRequest("GET", "/", nil)
			if tc.reqID != "" {
				r.Header[reqctx.HeaderRequestID] = []string{tc.reqID}
			}
			if tc.corrID != "" {
				r.Header[reqctx.HeaderCorrelationID] = []string{tc.corrID}
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			got := w.Header().Get(reqctx.HeaderRequestID)
			if tc.keepReq && got != tc.reqID {
				t.Errorf("X-Request-Id %q, want %q", got, tc.reqID)
			}
			if !tc.keepReq && (got == tc.reqID || len(got) != 36) {
				t.Errorf("X-Request-Id %q, want a fresh UUID", got)
			}
			if ctxReq != got {
				t.Errorf("context request id %q, header %q", ctxReq, got)
			}
			if c := w.Header().Get(reqctx.HeaderCorrelationID); c != tc.wantCorr || ctxCorr != tc.wantCorr {
				t.Errorf("X-Correlation-Id %q / context %q, want %q", c, ctxCorr, tc.wantCorr)
			}
		})
	}
	// Two requests without ids get different ones.
	h := httpx.IDs(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	a, b := httptest.NewRecorder(), httptest.NewRecorder()
	h.ServeHTTP(a, httptest.NewRequest("GET", "/", nil))
	h.ServeHTTP(b, httptest.NewRequest("GET", "/", nil))
	if a.Header().Get(reqctx.HeaderRequestID) == b.Header().Get(reqctx.HeaderRequestID) {
		t.Error("generated ids repeat")
	}
}

// logLines parses JSON log output.
func logLines(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

func TestAccessLog(t *testing.T) {
	var buf bytes.Buffer
	log := logging.New(&buf, "svc", slog.LevelDebug)
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) { _ = httpx.WriteJSON(w, 201, map[string]int{"a": 1}) })
	mux.HandleFunc("/panic", func(w http.ResponseWriter, r *http.Request) { panic("secret SQL: SELECT * FROM users") })
	mux.HandleFunc("/panic-after-write", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(202)
		panic("late")
	})
	h := httpx.IDs(httpx.AccessLog(log)(mux))

	do := func(path string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", path, nil)
		r.Header.Set("Authorization", "Bearer super-secret-token")
		r.Header.Set("X-Request-Id", "rid-"+strings.TrimPrefix(path, "/"))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	if w := do("/ok"); w.Code != 201 {
		t.Errorf("/ok %d", w.Code)
	}
	w := do("/panic")
	if w.Code != 500 || w.Header().Get("Content-Type") != problem.ContentType {
		t.Fatalf("panic answered %d %v", w.Code, w.Header())
	}
	var b problem.Body
	if err := json.Unmarshal(w.Body.Bytes(), &b); err != nil || b.Code != problem.Internal || b.RequestID != "rid-panic" ||
		strings.Contains(w.Body.String(), "SQL") {
		t.Errorf("panic body %s", w.Body.String())
	}
	if w := do("/panic-after-write"); w.Code != 202 {
		t.Errorf("a panic after the header was written rewrote the status: %d", w.Code)
	}

	logs := buf.String()
	if strings.Contains(logs, "super-secret-token") || strings.Contains(logs, "Authorization") || strings.Contains(logs, "Bearer") {
		t.Errorf("the Authorization header was logged: %s", logs)
	}
	var access, panics int
	for _, m := range logLines(t, &buf) {
		switch m["msg"] {
		case "request":
			access++
			if m["request_id"] == "rid-ok" && (m["status"] != float64(201) || m["level"] != "INFO" || m["path"] != "/ok" || m["service"] != "svc") {
				t.Errorf("access line %v", m)
			}
			if m["request_id"] == "rid-panic" && (m["status"] != float64(500) || m["level"] != "ERROR") {
				t.Errorf("panic access line %v", m)
			}
		case "panic":
			panics++
			if m["request_id"] == nil || m["stack"] == nil {
				t.Errorf("panic line lacks request id or stack: %v", m)
			}
		}
	}
	if access != 3 || panics != 2 {
		t.Errorf("%d access lines, %d panic lines; want 3 and 2", access, panics)
	}
}

func TestAccessLogProbesAtDebug(t *testing.T) {
	var buf bytes.Buffer
	h := httpx.AccessLog(logging.New(&buf, "svc", slog.LevelInfo))(httpx.Health("svc"))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/health", nil))
	if buf.Len() != 0 {
		t.Errorf("probe logged at info: %s", buf.String())
	}
}

func TestWriteError(t *testing.T) {
	var buf bytes.Buffer
	log := logging.New(&buf, "svc", slog.LevelDebug)
	cases := []struct {
		name   string
		err    error
		status int
		code   problem.Code
		logged bool
	}{
		{"problem", problem.New(problem.EmailTaken, "taken"), 409, problem.EmailTaken, false},
		{"wrapped problem", fmt.Errorf("store: %w", problem.New(problem.CustomerNotFound, "nf")), 404, problem.CustomerNotFound, false},
		{"internal", errors.New("Error 1146: Table 'x.customers' doesn't exist"), 500, problem.Internal, true},
		{"deadline", fmt.Errorf("query: %w", context.DeadlineExceeded), 503, problem.Unavailable, true},
		{"5xx problem", problem.New(problem.UpstreamUnavailable, "down"), 502, problem.UpstreamUnavailable, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			buf.Reset()
			w := httptest.NewRecorder()
			r := httptest.NewRequest("GET", "/x", nil)
			r = r.WithContext(reqctx.WithRequestID(r.Context(), "rid"))
			httpx.Wrap(log, func(http.ResponseWriter, *http.Request) error { return tc.err })(w, r)
			var b problem.Body
			if err := json.Unmarshal(w.Body.Bytes(), &b); err != nil || w.Code != tc.status || b.Code != tc.code || b.RequestID != "rid" {
				t.Fatalf("%d %s", w.Code, w.Body.String())
			}
			if strings.Contains(w.Body.String(), "1146") || strings.Contains(w.Body.String(), "customers") {
				t.Errorf("internals leaked: %s", w.Body.String())
			}
			if logged := strings.Contains(buf.String(), "request failed"); logged != tc.logged {
				t.Errorf("logged=%v, want %v: %s", logged, tc.logged, buf.String())
			}
			if tc.logged && tc.code == problem.Internal && !strings.Contains(buf.String(), "1146") {
				t.Errorf("the cause of a 500 is not in the log: %s", buf.String())
			}
		})
	}
}

func TestHealthReady(t *testing.T) {
	w := httptest.NewRecorder()
	httpx.Health("svc")(w, httptest.NewRequest("GET", "/health", nil))
	if w.Code != 200 || w.Body.String() != `{"service":"svc","status":"ok"}` {
		t.Errorf("health %d %s", w.Code, w.Body.String())
	}
	var fail error
	ready := httpx.Ready("svc", func(context.Context) error { return fail }, nil)
	w = httptest.NewRecorder()
	ready(w, httptest.NewRequest("GET", "/ready", nil))
	if w.Code != 200 {
		t.Errorf("ready %d", w.Code)
	}
	fail = errors.New("dial tcp 127.0.0.1:3306: connection refused")
	w = httptest.NewRecorder()
	ready(w, httptest.NewRequest("GET", "/ready", nil))
	if w.Code != 503 || strings.Contains(w.Body.String(), "3306") {
		t.Errorf("not ready: %d %s", w.Code, w.Body.String())
	}
}
