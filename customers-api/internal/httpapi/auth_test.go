package httpapi_test

import (
	"github.com/b2b-backoffice/platform/apitest"
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
			w := e.do(req{Method: "GET", Path: p, Auth: tc.auth})
			switch tc.status {
			case http.StatusOK:
				apitest.WantStatus(t, w, http.StatusOK)
				// Same body as the public GET.
				pub := e.do(req{Method: "GET", Path: path(c.ID)})
				if w.Body.String() != pub.Body.String() {
					t.Errorf("internal body %s, public %s", w.Body.String(), pub.Body.String())
				}
			case http.StatusUnauthorized:
				apitest.WantProblem(t, w, tc.status, problem.Unauthorized)
				if !strings.HasPrefix(w.Header().Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("WWW-Authenticate %q", w.Header().Get("WWW-Authenticate"))
				}
			case http.StatusForbidden:
				apitest.WantProblem(t, w, tc.status, problem.Forbidden)
			}
		})
	}
	apitest.WantProblem(t, e.do(req{Method: "GET", Path: "/internal" + path(c.ID+1000), Auth: "Bearer " + serviceToken}),
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
		{Method: "POST", Path: "/customers", Body: `{"name":"X","email":"x@example.com"}`},
		{Method: "GET", Path: "/customers"},
		{Method: "GET", Path: path(c.ID)},
		{Method: "PUT", Path: path(c.ID), Body: `{"name":"Y"}`},
		{Method: "DELETE", Path: path(c.ID)},
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
			t.Run(r.Method+" "+r.Path+" "+d.name, func(t *testing.T) {
				r := r
				r.Auth = d.auth
				w := e.do(r)
				apitest.WantProblem(t, w, http.StatusUnauthorized, problem.Unauthorized)
				if !strings.HasPrefix(w.Header().Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("WWW-Authenticate %q", w.Header().Get("WWW-Authenticate"))
				}
			})
		}
	}
	// Nothing above had an effect.
	if g := apitest.DecodeAs[customer](t, e.do(req{Method: "GET", Path: path(c.ID)})); g.Name != "Tyrell" {
		t.Errorf("an unauthorized PUT changed the customer: %+v", g)
	}
	t.Run("service token is accepted on operator routes", func(t *testing.T) {
		w := e.do(req{Method: "GET", Path: path(c.ID), Auth: "Bearer " + serviceToken})
		apitest.WantStatus(t, w, http.StatusOK)
	})
	t.Run("expired detail says so", func(t *testing.T) {
		b := apitest.WantProblem(t, e.do(req{Method: "GET", Path: "/customers", Auth: "Bearer " + mint(t, jwtSecret, -time.Minute)}),
			http.StatusUnauthorized, problem.Unauthorized)
		if !strings.Contains(b.Detail, "expired") {
			t.Errorf("detail %q", b.Detail)
		}
	})
}

func TestAuthNotRequired(t *testing.T) {
	e := newEnv(t, func(c *auth.Config) { c.Required = false })
	w := e.do(req{Method: "POST", Path: "/customers", Auth: "-", Body: `{"name":"Anon","email":"anon@example.com"}`})
	apitest.WantStatus(t, w, http.StatusCreated)
	c := apitest.DecodeAs[customer](t, w)
	apitest.WantStatus(t, e.do(req{Method: "GET", Path: path(c.ID), Auth: "-"}), http.StatusOK)
	// A token that is sent is still checked.
	apitest.WantProblem(t, e.do(req{Method: "GET", Path: path(c.ID), Auth: "Bearer wrong"}), http.StatusUnauthorized, problem.Unauthorized)
	// /internal still requires the service token.
	apitest.WantProblem(t, e.do(req{Method: "GET", Path: "/internal" + path(c.ID), Auth: "-"}), http.StatusUnauthorized, problem.Unauthorized)
	apitest.WantProblem(t, e.do(req{Method: "GET", Path: "/internal" + path(c.ID)}), http.StatusForbidden, problem.Forbidden)
	apitest.WantStatus(t, e.do(req{Method: "GET", Path: "/internal" + path(c.ID), Auth: "Bearer " + serviceToken}), http.StatusOK)
	if !strings.Contains(e.logs.String(), "AUTH_REQUIRED=false") {
		t.Error("no start-up warning about AUTH_REQUIRED=false")
	}
}

func TestIssuerAudienceChecked(t *testing.T) {
	e := newEnv(t, func(c *auth.Config) { c.Issuer = "backoffice"; c.Audience = "customers-api" })
	apitest.WantStatus(t, e.do(req{Method: "GET", Path: "/customers"}), http.StatusOK) // e.op carries both
	for _, ia := range [][2]string{{"", ""}, {"other", "customers-api"}, {"backoffice", "other"}} {
		tok, err := auth.Mint(jwtSecret, "bob", ia[0], ia[1], time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		apitest.WantProblem(t, e.do(req{Method: "GET", Path: "/customers", Auth: "Bearer " + tok}), http.StatusUnauthorized, problem.Unauthorized)
	}
}
