package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/b2b-backoffice/customers-api/internal/httpapi"
	"github.com/b2b-backoffice/customers-api/internal/store"
	"github.com/b2b-backoffice/customers-api/migrations"
	"github.com/b2b-backoffice/platform/auth"
	"github.com/b2b-backoffice/platform/dbtest"
	"github.com/b2b-backoffice/platform/logging"
	"github.com/b2b-backoffice/platform/problem"
)

const (
	serviceToken = "test-service-token"
	jwtSecret    = "test-jwt-secret-0123456789abcdef0123"
)

// env is one customers-api over a fresh database.
type env struct {
	t       *testing.T
	h       http.Handler
	db      *dbtest.DB
	op      string // a valid operator JWT
	logs    *bytes.Buffer
	authCfg auth.Config
}

// newEnv serves httpapi.New over a fresh migrated database with auth
// required; opts adjust the auth configuration.
func newEnv(t *testing.T, opts ...func(*auth.Config)) *env {
	t.Helper()
	db := dbtest.New(t, migrations.FS)
	cfg := auth.Config{ServiceToken: serviceToken, JWTSecret: jwtSecret, Required: true}
	for _, o := range opts {
		o(&cfg)
	}
	logs := &bytes.Buffer{}
	log := logging.New(&lockedWriter{w: logs}, "customers-api", slog.LevelDebug)
	authn, err := auth.New(cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	op, err := auth.Mint(jwtSecret, "alice", cfg.Issuer, cfg.Audience, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, h: httpapi.New(store.New(db.DB), authn, log), db: db, op: op, logs: logs, authCfg: cfg}
}

// req describes one call; the zero value is an operator call with no body.
type req struct {
	method, path string
	body         string
	// auth is the whole Authorization header; "" means the operator JWT,
	// "-" means none.
	auth   string
	header map[string]string
}

// do runs r against the handler.
func (e *env) do(r req) *httptest.ResponseRecorder {
	e.t.Helper()
	var body io.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	hr := httptest.NewRequest(r.method, r.path, body)
	if r.body != "" {
		hr.Header.Set("Content-Type", "application/json")
	}
	switch r.auth {
	case "":
		hr.Header.Set("Authorization", "Bearer "+e.op)
	case "-":
	default:
		hr.Header.Set("Authorization", r.auth)
	}
	for k, v := range r.header {
		if v == "" {
			hr.Header.Del(k)
		} else {
			hr.Header.Set(k, v)
		}
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, hr)
	return w
}

// customer is the wire shape of a customer, with phone kept as raw JSON to
// tell null from a string.
type customer struct {
	ID        int64   `json:"id"`
	Name      string  `json:"name"`
	Email     string  `json:"email"`
	Phone     rawJSON `json:"phone"`
	CreatedAt string  `json:"created_at"`
	UpdatedAt string  `json:"updated_at"`
}

// rawJSON keeps a member's JSON text (null stays "null") and is comparable.
type rawJSON string

func (r *rawJSON) UnmarshalJSON(b []byte) error { *r = rawJSON(b); return nil }

// create registers a customer and fails the test unless it is 201.
func (e *env) create(name, email string, phone ...string) customer {
	e.t.Helper()
	body := map[string]any{"name": name, "email": email}
	if len(phone) > 0 {
		body["phone"] = phone[0]
	}
	w := e.do(req{method: "POST", path: "/customers", body: mustJSON(e.t, body)})
	wantStatus(e.t, w, http.StatusCreated)
	return decodeAs[customer](e.t, w)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func wantStatus(t *testing.T, w *httptest.ResponseRecorder, status int) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d; body: %s", w.Code, status, w.Body.String())
	}
}

func decodeAs[T any](t *testing.T, w *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("decode %q: %v", w.Body.String(), err)
	}
	return v
}

// wantProblem checks a problem response: status, content type, code, and
// the body members every problem carries.
func wantProblem(t *testing.T, w *httptest.ResponseRecorder, status int, code problem.Code) problem.Body {
	t.Helper()
	wantStatus(t, w, status)
	if ct := w.Header().Get("Content-Type"); ct != problem.ContentType {
		t.Fatalf("Content-Type %q, want %q", ct, problem.ContentType)
	}
	var b problem.Body
	if err := json.Unmarshal(w.Body.Bytes(), &b); err != nil {
		t.Fatalf("decode problem %q: %v", w.Body.String(), err)
	}
	if b.Code != code || b.Status != status || b.Title == "" || b.Detail == "" || b.Type == "" {
		t.Fatalf("problem %+v, want code %s status %d with type, title, detail", b, code, status)
	}
	if b.RequestID == "" || b.RequestID != w.Header().Get("X-Request-Id") {
		t.Fatalf("problem request_id %q, header X-Request-Id %q", b.RequestID, w.Header().Get("X-Request-Id"))
	}
	return b
}

// wantField checks that a validation problem names field.
func wantField(t *testing.T, b problem.Body, field string) {
	t.Helper()
	for _, f := range b.Errors {
		if f.Field == field && f.Message != "" {
			return
		}
	}
	t.Fatalf("errors %+v do not name %q", b.Errors, field)
}

func path(id int64) string { return fmt.Sprintf("/customers/%d", id) }

// lockedWriter lets concurrent requests log into one buffer.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
