package httpapi_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/b2b-backoffice/customers-api/internal/httpapi"
	"github.com/b2b-backoffice/customers-api/internal/store"
	"github.com/b2b-backoffice/customers-api/migrations"
	"github.com/b2b-backoffice/platform/apitest"
	"github.com/b2b-backoffice/platform/auth"
	"github.com/b2b-backoffice/platform/dbtest"
	"github.com/b2b-backoffice/platform/logging"
)

const (
	serviceToken = "test-service-token"
	jwtSecret    = "test-jwt-secret-0123456789abcdef0123"
)

// env is one customers-api over a fresh database.
type env struct {
	t    *testing.T
	h    http.Handler
	db   *dbtest.DB
	op   string // a valid operator JWT
	logs *apitest.SyncBuffer
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
	logs := &apitest.SyncBuffer{}
	log := logging.New(logs, "customers-api", slog.LevelDebug)
	authn, err := auth.New(cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	op, err := auth.Mint(jwtSecret, "alice", cfg.Issuer, cfg.Audience, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, h: httpapi.New(store.New(db.DB), authn, log), db: db, op: op, logs: logs}
}

// req is one call; an empty Auth sends the operator JWT, "-" sends none.
type req = apitest.Req

func (e *env) do(r req) *httptest.ResponseRecorder {
	e.t.Helper()
	return apitest.Do(e.h, "Bearer "+e.op, r)
}

// customer is the wire shape of a customer, with phone kept as its JSON
// text to tell null from a string.
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
	w := e.do(req{Method: "POST", Path: "/customers", Body: mustJSON(e.t, body)})
	apitest.WantStatus(e.t, w, http.StatusCreated)
	return apitest.DecodeAs[customer](e.t, w)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func path(id int64) string { return fmt.Sprintf("/customers/%d", id) }
