package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/b2b-backoffice/platform/auth"
	"github.com/b2b-backoffice/platform/problem"
)

func mint(t *testing.T, secret string, ttl time.Duration) string {
	t.Helper()
	tok, err := auth.Mint(secret, "bob", "", "", ttl)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestInternalRouteAuth(t *testing.T) {
	e := newEnv(t)
	c := e.create("Wayne", "bruce@wayne.com")
	p := "/internal" + path(c.ID)
	cases := []struct {
		name, auth string
		status     int
	}{
		{"missing", "-", http.StatusUnauthorized},
		{"wrong token", "Bearer not-the-token", http.StatusUnauthorized},
		{"token with a suffix", "Bearer " + serviceToken + "x", http.StatusUnauthorized},
		{"not bearer", "Basic " + serviceToken, http.StatusUnauthorized},
		{"bearer without token", "Bearer ", http.StatusUnauthorized},
		{"expired operator JWT", "Bearer " + mint(t, jwtSecret, -time.Hour), http.StatusUnauthorized},
		{"operator JWT", "Bearer " + e.op, http.StatusForbidden},
		{"service token", "Bearer " + serviceToken, http.StatusOK},
		{"service token, lower-case scheme", "bearer " + serviceToken, http.StatusOK},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := e.do(req{method: "GET", path: p, auth: tc.auth})
			switch tc.status {
			case http.StatusOK:
				wantStatus(t, w, http.StatusOK)
				// Same body as the public GET.
				pub := e.do(req{method: "GET", path: path(c.ID)})
				if w.Body.String() != pub.Body.String() {
					t.Errorf("internal body %s, public %s", w.Body.String(), pub.Body.String())
				}
			case http.StatusUnauthorized:
				wantProblem(t, w, tc.status, problem.Unauthorized)
				if !strings.HasPrefix(w.Header().Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("WWW-Authenticate %q", w.Header().Get("WWW-Authenticate"))
				}
			case http.StatusForbidden:
				wantProblem(t, w, tc.status, problem.Forbidden)
			}
		})
	}
	wantProblem(t, e.do(req{method: "GET", path: "/internal" + path(c.ID+1000), auth: "Bearer " + serviceToken}),
		http.StatusNotFound, problem.CustomerNotFound)
	// No token reaches the logs.
	if strings.Contains(e.logs.String(), serviceToken) || strings.Contains(e.logs.String(), e.op) {
		t.Error("a token was logged")
	}
}

func TestOperatorRouteAuth(t *testing.T) {
	e := newEnv(t)
	c := e.create("Tyrell", "eldon@tyrell.com")
	routes := []req{
		{method: "POST", path: "/customers", body: `{"name":"X","email":"x@example.com"}`},
		{method: "GET", path: "/customers"},
		{method: "GET", path: path(c.ID)},
		{method: "PUT", path: path(c.ID), body: `{"name":"Y"}`},
		{method: "DELETE", path: path(c.ID)},
	}
	denied := []struct{ name, auth string }{
		{"missing", "-"},
		{"wrong token", "Bearer nope"},
		{"expired JWT", "Bearer " + mint(t, jwtSecret, -time.Minute)},
		{"JWT signed with another secret", "Bearer " + mint(t, "another-secret-another-secret-1234", time.Hour)},
		{"malformed header", "Bearer"},
		{"JWT without scheme", e.op},
	}
	for _, r := range routes {
		for _, d := range denied {
			t.Run(r.method+" "+r.path+" "+d.name, func(t *testing.T) {
				r := r
				r.auth = d.auth
				w := e.do(r)
				wantProblem(t, w, http.StatusUnauthorized, problem.Unauthorized)
				if !strings.HasPrefix(w.Header().Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("WWW-Authenticate %q", w.Header().Get("WWW-Authenticate"))
				}
			})
		}
	}
	// Nothing above had an effect.
	if g := decodeAs[customer](t, e.do(req{method: "GET", path: path(c.ID)})); g.Name != "Tyrell" {
		t.Errorf("an unauthorized PUT changed the customer: %+v", g)
	}
	t.Run("service token is accepted on operator routes", func(t *testing.T) {
		w := e.do(req{method: "GET", path: path(c.ID), auth: "Bearer " + serviceToken})
		wantStatus(t, w, http.StatusOK)
	})
	t.Run("expired detail says so", func(t *testing.T) {
		b := wantProblem(t, e.do(req{method: "GET", path: "/customers", auth: "Bearer " + mint(t, jwtSecret, -time.Minute)}),
			http.StatusUnauthorized, problem.Unauthorized)
		if !strings.Contains(b.Detail, "expired") {
			t.Errorf("detail %q", b.Detail)
		}
	})
}

func TestAuthNotRequired(t *testing.T) {
	e := newEnv(t, func(c *auth.Config) { c.Required = false })
	w := e.do(req{method: "POST", path: "/customers", auth: "-", body: `{"name":"Anon","email":"anon@example.com"}`})
	wantStatus(t, w, http.StatusCreated)
	c := decodeAs[customer](t, w)
	wantStatus(t, e.do(req{method: "GET", path: path(c.ID), auth: "-"}), http.StatusOK)
	// A token that is sent is still checked.
	wantProblem(t, e.do(req{method: "GET", path: path(c.ID), auth: "Bearer wrong"}), http.StatusUnauthorized, problem.Unauthorized)
	// /internal still requires the service token.
	wantProblem(t, e.do(req{method: "GET", path: "/internal" + path(c.ID), auth: "-"}), http.StatusUnauthorized, problem.Unauthorized)
	wantProblem(t, e.do(req{method: "GET", path: "/internal" + path(c.ID)}), http.StatusForbidden, problem.Forbidden)
	wantStatus(t, e.do(req{method: "GET", path: "/internal" + path(c.ID), auth: "Bearer " + serviceToken}), http.StatusOK)
	if !strings.Contains(e.logs.String(), "AUTH_REQUIRED=false") {
		t.Error("no start-up warning about AUTH_REQUIRED=false")
	}
}

func TestIssuerAudienceChecked(t *testing.T) {
	e := newEnv(t, func(c *auth.Config) { c.Issuer = "backoffice"; c.Audience = "customers-api" })
	wantStatus(t, e.do(req{method: "GET", path: "/customers"}), http.StatusOK) // e.op carries both
	for _, ia := range [][2]string{{"", ""}, {"other", "customers-api"}, {"backoffice", "other"}} {
		tok, err := auth.Mint(jwtSecret, "bob", ia[0], ia[1], time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		wantProblem(t, e.do(req{method: "GET", path: "/customers", auth: "Bearer " + tok}), http.StatusUnauthorized, problem.Unauthorized)
	}
}
