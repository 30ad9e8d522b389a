// Package apitest holds the assertions the services' HTTP tests share:
// status, JSON decoding, problem documents (SPEC §1), and a log buffer
// that concurrent requests may write to.
package apitest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/b2b-backoffice/platform/problem"
)

// Req describes one call to a handler.
type Req struct {
	Method, Path string
	// Body is sent as application/json when not empty.
	Body string
	// Auth is the whole Authorization header: "" means Do's default,
	// "-" means none.
	Auth string
	// Header is set on the request (after Body's Content-Type, so it can
	// replace it).
	Header map[string]string
}

// Do runs r against h; defaultAuth is the Authorization header of a Req
// that names none (e.g. "Bearer <operator JWT>").
func Do(h http.Handler, defaultAuth string, r Req) *httptest.ResponseRecorder {
	var body io.Reader
	if r.Body != "" {
		body = strings.NewReader(r.Body)
	}
	hr := httptest.NewRequest(r.Method, r.Path, body)
	if r.Body != "" {
		hr.Header.Set("Content-Type", "application/json")
	}
	switch r.Auth {
	case "":
		hr.Header.Set("Authorization", defaultAuth)
	case "-":
	default:
		hr.Header.Set("Authorization", r.Auth)
	}
	for k, v := range r.Header {
		hr.Header[http.CanonicalHeaderKey(k)] = []string{v}
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, hr)
	return w
}

// WantStatus fails t unless w answered status.
func WantStatus(t testing.TB, w *httptest.ResponseRecorder, status int) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d; body: %s", w.Code, status, w.Body.String())
	}
}

// DecodeAs decodes w's JSON body into a T.
func DecodeAs[T any](t testing.TB, w *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("decode %q: %v", w.Body.String(), err)
	}
	return v
}

// WantProblem checks a problem response: status, content type, code, and
// the members every problem carries (request_id equal to X-Request-Id).
func WantProblem(t testing.TB, w *httptest.ResponseRecorder, status int, code problem.Code) problem.Body {
	t.Helper()
	WantStatus(t, w, status)
	if ct := w.Header().Get("Content-Type"); ct != problem.ContentType {
		t.Fatalf("Content-Type %q, want %q", ct, problem.ContentType)
	}
	b := DecodeAs[problem.Body](t, w)
	if b.Code != code || b.Status != status || b.Title == "" || b.Detail == "" || b.Type == "" {
		t.Fatalf("problem %s, want code %s status %d with type, title, detail", w.Body.String(), code, status)
	}
	if b.RequestID == "" || b.RequestID != w.Header().Get("X-Request-Id") {
		t.Fatalf("problem request_id %q, header X-Request-Id %q", b.RequestID, w.Header().Get("X-Request-Id"))
	}
	return b
}

// WantField checks that a validation problem names field.
func WantField(t testing.TB, b problem.Body, field string) {
	t.Helper()
	for _, f := range b.Errors {
		if f.Field == field && f.Message != "" {
			return
		}
	}
	t.Fatalf("errors %+v do not name %q", b.Errors, field)
}

// SyncBuffer is a bytes.Buffer that a server's logger and the test may use
// at once.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns what was written so far.
func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
