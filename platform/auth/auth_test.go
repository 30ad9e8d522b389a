package auth_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/b2b-backoffice/platform/auth"
	"github.com/b2b-backoffice/platform/config"
	"github.com/b2b-backoffice/platform/logging"
	"github.com/b2b-backoffice/platform/problem"
	"github.com/b2b-backoffice/platform/reqctx"
)

const (
	svcToken = "service-token-for-tests"
	secret   = "jwt-secret-for-tests-0123456789abcdef"
)

// sign makes a JWT with any header and claims, HMAC-SHA256 signed with
// key, so tests can forge what a library would refuse to make.
func sign(t *testing.T, header, claims map[string]any, key string) string {
	t.Helper()
	enc := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return base64.RawURLEncoding.EncodeToString(b)
	}
	unsigned := enc(header) + "." + enc(claims)
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(unsigned))
	return unsigned + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func hs(t *testing.T, method jwt.SigningMethod, claims jwt.MapClaims, key string) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, claims).SignedString([]byte(key))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newAuth(t *testing.T, cfg auth.Config) (*auth.Authenticator, *bytes.Buffer) {
	t.Helper()
	if cfg.ServiceToken == "" {
		cfg.ServiceToken = svcToken
	}
	if cfg.JWTSecret == "" {
		cfg.JWTSecret = secret
	}
	var buf bytes.Buffer
	a, err := auth.New(cfg, logging.New(&buf, "test", slog.LevelDebug))
	if err != nil {
		t.Fatal(err)
	}
	return a, &buf
}

// call runs mw with the given Authorization header and reports the status
// and the caller the handler saw.
func call(mw func(http.Handler) http.Handler, authz string) (*httptest.ResponseRecorder, reqctx.Caller) {
	var seen reqctx.Caller
	h := mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen, _ = reqctx.CallerFrom(r.Context())
		w.WriteHeader(http.StatusNoContent)
	}))
	r := httptest.NewRequest("GET", "/", nil)
	if authz != "" {
		r.Header.Set("Authorization", authz)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w, seen
}

func TestOperatorMiddleware(t *testing.T) {
	a, logs := newAuth(t, auth.Config{Required: true})
	now := time.Now()
	valid := jwt.MapClaims{"sub": "alice", "exp": now.Add(time.Hour).Unix()}
	minted, err := auth.Mint(secret, "carol", "", "", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, authz string
		status      int
		caller      string
	}{
		{"operator JWT", "Bearer " + hs(t, jwt.SigningMethodHS256, valid, secret), 204, "operator:alice"},
		{"minted JWT", "Bearer " + minted, 204, "operator:carol"},
		{"no sub", "Bearer " + hs(t, jwt.SigningMethodHS256, jwt.MapClaims{"exp": now.Add(time.Hour).Unix()}, secret), 204, "operator:operator"},
		{"service token", "Bearer " + svcToken, 204, "service:service"},
		{"scheme is case-insensitive", "bearer " + svcToken, 204, "service:service"},
		{"missing", "", 401, ""},
		{"expired", "Bearer " + hs(t, jwt.SigningMethodHS256, jwt.MapClaims{"sub": "a", "exp": now.Add(-time.Minute).Unix()}, secret), 401, ""},
		{"missing exp", "Bearer " + hs(t, jwt.SigningMethodHS256, jwt.MapClaims{"sub": "a"}, secret), 401, ""},
		{"not yet valid", "Bearer " + hs(t, jwt.SigningMethodHS256, jwt.MapClaims{"exp": now.Add(time.Hour).Unix(), "nbf": now.Add(time.Hour).Unix()}, secret), 401, ""},
		{"wrong secret", "Bearer " + hs(t, jwt.SigningMethodHS256, valid, "another-secret-another-secret-1234"), 401, ""},
		{"HS512", "Bearer " + hs(t, jwt.SigningMethodHS512, valid, secret), 401, ""},
		{"alg none", "Bearer " + noneToken(t, valid), 401, ""},
		{"RS256 header, HMAC signature", "Bearer " + sign(t, map[string]any{"alg": "RS256", "typ": "JWT"}, valid, secret), 401, ""},
		{"garbage", "Bearer not.a.jwt", 401, ""},
		{"Basic", "Basic dXNlcjpwYXNz", 401, ""},
		{"no token", "Bearer ", 401, ""},
		{"token alone", svcToken, 401, ""},
		{"service token with a suffix", "Bearer " + svcToken + "x", 401, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w, caller := call(a.Operator, tc.authz)
			if w.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tc.status, w.Body.String())
			}
			if tc.status == 204 {
				if caller.ID() != tc.caller {
					t.Errorf("caller %q, want %q", caller.ID(), tc.caller)
				}
				return
			}
			if !strings.HasPrefix(w.Header().Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("WWW-Authenticate %q", w.Header().Get("WWW-Authenticate"))
			}
			var b problem.Body
			if err := json.Unmarshal(w.Body.Bytes(), &b); err != nil || b.Code != problem.Unauthorized {
				t.Errorf("body %s", w.Body.String())
			}
		})
	}
	if w, _ := call(a.Operator, ""); w.Header().Get("WWW-Authenticate") != "Bearer" {
		t.Errorf("missing token: WWW-Authenticate %q, want plain Bearer", w.Header().Get("WWW-Authenticate"))
	}
	if strings.Contains(logs.String(), svcToken) || strings.Contains(logs.String(), "Bearer ") {
		t.Errorf("a token was logged: %s", logs)
	}
}

func noneToken(t *testing.T, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(jwt.SigningMethodNone, claims).SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestServiceMiddleware(t *testing.T) {
	a, _ := newAuth(t, auth.Config{Required: true})
	op, _ := auth.Mint(secret, "alice", "", "", time.Hour)
	expired, _ := auth.Mint(secret, "alice", "", "", -time.Hour)
	cases := []struct {
		name, authz string
		status      int
	}{
		{"service token", "Bearer " + svcToken, 204},
		{"operator JWT", "Bearer " + op, 403},
		{"expired operator JWT", "Bearer " + expired, 401},
		{"missing", "", 401},
		{"wrong", "Bearer wrong", 401},
		{"malformed", "Token " + svcToken, 401},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w, caller := call(a.Service, tc.authz)
			if w.Code != tc.status {
				t.Fatalf("status %d, want %d", w.Code, tc.status)
			}
			switch tc.status {
			case 204:
				if caller != auth.ServiceCaller {
					t.Errorf("caller %+v", caller)
				}
			case 401:
				if !strings.HasPrefix(w.Header().Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("WWW-Authenticate %q", w.Header().Get("WWW-Authenticate"))
				}
			case 403:
				if !strings.Contains(w.Body.String(), `"code":"forbidden"`) {
					t.Errorf("body %s", w.Body.String())
				}
			}
		})
	}
}

func TestAuthNotRequired(t *testing.T) {
	a, logs := newAuth(t, auth.Config{Required: false})
	if a.Required() {
		t.Error("Required() = true")
	}
	if !strings.Contains(logs.String(), "AUTH_REQUIRED=false") {
		t.Error("no warning at start")
	}
	if w, caller := call(a.Operator, ""); w.Code != 204 || caller != auth.AnonymousCaller {
		t.Errorf("anonymous operator call: %d %+v", w.Code, caller)
	}
	if w, _ := call(a.Operator, "Bearer wrong"); w.Code != 401 {
		t.Errorf("a wrong token is still refused: %d", w.Code)
	}
	if w, _ := call(a.Service, ""); w.Code != 401 {
		t.Errorf("service route without token: %d", w.Code)
	}
}

func TestIssuerAudience(t *testing.T) {
	a, _ := newAuth(t, auth.Config{Required: true, Issuer: "backoffice", Audience: "orders"})
	exp := time.Now().Add(time.Hour).Unix()
	cases := []struct {
		name   string
		claims jwt.MapClaims
		status int
	}{
		{"both right", jwt.MapClaims{"exp": exp, "iss": "backoffice", "aud": "orders"}, 204},
		{"aud in a list", jwt.MapClaims{"exp": exp, "iss": "backoffice", "aud": []string{"x", "orders"}}, 204},
		{"wrong iss", jwt.MapClaims{"exp": exp, "iss": "evil", "aud": "orders"}, 401},
		{"no iss", jwt.MapClaims{"exp": exp, "aud": "orders"}, 401},
		{"wrong aud", jwt.MapClaims{"exp": exp, "iss": "backoffice", "aud": "customers"}, 401},
		{"no aud", jwt.MapClaims{"exp": exp, "iss": "backoffice"}, 401},
	}
	for _, tc := range cases {
		if w, _ := call(a.Operator, "Bearer "+hs(t, jwt.SigningMethodHS256, tc.claims, secret)); w.Code != tc.status {
			t.Errorf("%s: %d, want %d", tc.name, w.Code, tc.status)
		}
	}
	// Without configuration, iss and aud are not checked.
	b, _ := newAuth(t, auth.Config{Required: true})
	if w, _ := call(b.Operator, "Bearer "+hs(t, jwt.SigningMethodHS256, jwt.MapClaims{"exp": exp, "iss": "any", "aud": "any"}, secret)); w.Code != 204 {
		t.Errorf("unconfigured iss/aud: %d", w.Code)
	}
}

func TestNewAndConfigFrom(t *testing.T) {
	for _, cfg := range []auth.Config{{}, {ServiceToken: "s"}, {JWTSecret: "j"}} {
		if _, err := auth.New(cfg, nil); err == nil {
			t.Errorf("New(%+v) accepted missing secrets", cfg)
		}
	}
	env := map[string]string{"SERVICE_TOKEN": "s", "JWT_SECRET": "j", "JWT_ISSUER": "i", "JWT_AUDIENCE": "a", "AUTH_REQUIRED": "false"}
	r := config.New(func(k string) string { return env[k] })
	if c := auth.ConfigFrom(r); r.Err() != nil || c != (auth.Config{ServiceToken: "s", JWTSecret: "j", Issuer: "i", Audience: "a", Required: false}) {
		t.Errorf("%+v %v", c, r.Err())
	}
	r = config.New(func(string) string { return "" })
	if c := auth.ConfigFrom(r); !c.Required || r.Err() == nil ||
		!strings.Contains(r.Err().Error(), "SERVICE_TOKEN") || !strings.Contains(r.Err().Error(), "JWT_SECRET") {
		t.Errorf("defaults %+v, err %v", c, r.Err())
	}
}

func TestMint(t *testing.T) {
	tok, err := auth.Mint(secret, "dave", "iss", "aud", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	claims := jwt.RegisteredClaims{}
	parsed, err := jwt.ParseWithClaims(tok, &claims, func(*jwt.Token) (any, error) { return []byte(secret), nil })
	if err != nil || parsed.Method.Alg() != "HS256" || claims.Subject != "dave" || claims.Issuer != "iss" ||
		len(claims.Audience) != 1 || claims.Audience[0] != "aud" {
		t.Fatalf("%+v %v", claims, err)
	}
	if d := time.Until(claims.ExpiresAt.Time); d <= 0 || d > time.Minute+time.Second {
		t.Errorf("expires in %v", d)
	}
}
