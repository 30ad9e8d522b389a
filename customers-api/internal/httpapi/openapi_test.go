package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/b2b-backoffice/platform/apitest"
	"github.com/b2b-backoffice/platform/openapitest"
)

const specPath = "../../openapi.yaml"

// TestOpenAPIDocumentsEveryRoute holds routes.go and openapi.yaml against
// each other, both ways, and the problem code list against the system's.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	doc := openapitest.Load(t, specPath)
	openapitest.CheckRoutes(t, doc, newEnv(t).h, 8)
	openapitest.CheckProblemCodes(t, doc)
}

// TestResponsesMatchOpenAPI runs real requests and validates each answer
// (status documented, headers, body schema) against openapi.yaml.
func TestResponsesMatchOpenAPI(t *testing.T) {
	v := openapitest.NewValidator(t, openapitest.Load(t, specPath))
	e := newEnv(t)
	c := e.create("ACME", "ops@acme.com", "+34 600")
	gone := e.create("Gone", "gone@acme.com")
	apitest.WantStatus(t, e.do(req{Method: "DELETE", Path: path(gone.ID)}), http.StatusNoContent)
	e.create("Third", "third@acme.com")

	calls := []struct {
		r      req
		status int
	}{
		{req{Method: "POST", Path: "/customers", Body: `{"name":"New","email":"new@acme.com"}`}, 201},
		{req{Method: "POST", Path: "/customers", Body: `{"name":"New","email":"new@acme.com"}`}, 409},
		{req{Method: "POST", Path: "/customers", Body: `{"name":"","email":"x"}`}, 400},
		{req{Method: "POST", Path: "/customers", Body: `{"name":`}, 400},
		{req{Method: "POST", Path: "/customers", Body: `{"name":"x","email":"x@y.z"}`, Header: map[string]string{"Content-Type": "text/plain"}}, 415},
		{req{Method: "POST", Path: "/customers", Body: `{"name":"` + strings.Repeat("a", 1<<20) + `"}`}, 413},
		{req{Method: "POST", Path: "/customers", Body: `{"name":"x","email":"x@y.z"}`, Auth: "-"}, 401},
		{req{Method: "GET", Path: "/customers?limit=1"}, 200},
		{req{Method: "GET", Path: "/customers?search=acme&limit=100"}, 200},
		{req{Method: "GET", Path: "/customers?limit=0"}, 400},
		{req{Method: "GET", Path: "/customers?cursor=zzz"}, 400},
		{req{Method: "GET", Path: path(c.ID), Header: map[string]string{"X-Correlation-Id": "c-1"}}, 200},
		{req{Method: "GET", Path: path(gone.ID)}, 404},
		{req{Method: "PUT", Path: path(c.ID), Body: `{"phone":null}`}, 200},
		{req{Method: "PUT", Path: path(c.ID), Body: `{}`}, 400},
		{req{Method: "PUT", Path: path(c.ID), Body: `{"email":"third@acme.com"}`}, 409},
		{req{Method: "PUT", Path: path(gone.ID), Body: `{"name":"x"}`}, 404},
		{req{Method: "GET", Path: "/internal" + path(c.ID), Auth: "Bearer " + serviceToken}, 200},
		{req{Method: "GET", Path: "/internal" + path(c.ID)}, 403},
		{req{Method: "GET", Path: "/internal" + path(c.ID), Auth: "-"}, 401},
		{req{Method: "GET", Path: "/internal" + path(gone.ID), Auth: "Bearer " + serviceToken}, 404},
		{req{Method: "DELETE", Path: path(c.ID)}, 204},
		{req{Method: "DELETE", Path: path(c.ID)}, 404},
		{req{Method: "GET", Path: "/health", Auth: "-"}, 200},
		{req{Method: "GET", Path: "/ready", Auth: "-"}, 200},
	}
	for _, call := range calls {
		t.Run(fmt.Sprintf("%s %s %d", call.r.Method, call.r.Path, call.status), func(t *testing.T) {
			w := e.do(call.r)
			apitest.WantStatus(t, w, call.status)
			v.Response(t, call.r.Method, call.r.Path, w)
		})
	}
	// And readiness without a database.
	e.db.Close()
	w := e.do(req{Method: "GET", Path: "/ready", Auth: "-"})
	apitest.WantStatus(t, w, http.StatusServiceUnavailable)
	v.Response(t, "GET", "/ready", w)
}
