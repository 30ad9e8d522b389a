package openapitest_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/b2b-backoffice/platform/openapitest"
	"github.com/b2b-backoffice/platform/problem"
)

// spec documents GET /things/{id} (200 with a Thing, 404 with a Problem)
// and POST /things; CODES is replaced by the system's code list.
const spec = `openapi: 3.0.3
info: {title: t, version: "1"}
servers:
  - url: http://localhost:3999
paths:
  /things/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
        "404":
          description: missing
          content:
            application/problem+json:
              schema: {$ref: "#/components/schemas/Problem"}
  /things:
    post:
      responses:
        "201": {description: made}
components:
  schemas:
    Thing:
      type: object
      required: [id]
      properties:
        id: {type: integer}
    Problem:
      type: object
      required: [code]
      properties:
        code:
          type: string
          enum: [CODES]
`

func write(t *testing.T, text string) string {
	t.Helper()
	var codes []string
	for _, c := range problem.Codes() {
		codes = append(codes, string(c))
	}
	path := filepath.Join(t.TempDir(), "openapi.yaml")
	if err := os.WriteFile(path, []byte(strings.Replace(text, "CODES", strings.Join(codes, ", "), 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func router(extra bool) http.Handler {
	r := chi.NewRouter()
	ok := func(http.ResponseWriter, *http.Request) {}
	r.Get("/things/{id}", ok)
	if extra {
		r.Delete("/things/{id}", ok)
	} else {
		r.Post("/things", ok)
	}
	return r
}

func TestRoutesBothWays(t *testing.T) {
	doc := openapitest.Load(t, write(t, spec))
	routes, err := openapitest.Routes(router(false))
	if err != nil || len(routes) != 2 {
		t.Fatalf("routes %v, %v; want 2", routes, err)
	}
	if d := openapitest.CompareRoutes(doc, routes); len(d) != 0 {
		t.Errorf("agreeing router and document differ: %v", d)
	}
	openapitest.CheckRoutes(t, doc, router(false), 2)

	routes, _ = openapitest.Routes(router(true))
	got := openapitest.CompareRoutes(doc, routes)
	want := []string{
		"DELETE /things/{id} is served but not in openapi.yaml",
		"POST /things is documented but not served",
	}
	if !slices.Equal(got, want) {
		t.Errorf("CompareRoutes = %q, want %q", got, want)
	}
	if _, err := openapitest.Routes(http.NotFoundHandler()); err == nil {
		t.Error("Routes of a non-chi handler: no error")
	}
}

func TestProblemCodes(t *testing.T) {
	if err := openapitest.CompareProblemCodes(openapitest.Load(t, write(t, spec))); err != nil {
		t.Errorf("the system's own list: %v", err)
	}
	missing := openapitest.Load(t, write(t, strings.Replace(spec, "enum: [CODES]", "enum: [CODES, extra_code]", 1)))
	if err := openapitest.CompareProblemCodes(missing); err == nil || !strings.Contains(err.Error(), "extra_code") {
		t.Errorf("an extra code: %v", err)
	}
	none := openapitest.Load(t, write(t, strings.ReplaceAll(spec, "Problem", "Other")))
	if err := openapitest.CompareProblemCodes(none); err == nil {
		t.Error("no Problem schema: no error")
	}
}

func TestValidator(t *testing.T) {
	v := openapitest.NewValidator(t, openapitest.Load(t, write(t, spec)))
	json := http.Header{"Content-Type": {"application/json"}}
	cases := []struct {
		name, method, path string
		status             int
		header             http.Header
		body               string
		ok                 bool
	}{
		{"documented answer", "GET", "/things/7?x=1", 200, json, `{"id":7}`, true},
		{"problem answer", "GET", "/things/7", 404, http.Header{"Content-Type": {problem.ContentType}}, `{"code":"order_not_found"}`, true},
		{"body off schema", "GET", "/things/7", 200, json, `{"id":"seven"}`, false},
		{"required member missing", "GET", "/things/7", 200, json, `{}`, false},
		{"status not documented", "GET", "/things/7", 500, json, `{"id":7}`, false},
		{"code not in the enum", "GET", "/things/7", 404, http.Header{"Content-Type": {problem.ContentType}}, `{"code":"nope"}`, false},
		{"route not documented", "DELETE", "/things/7", 204, nil, ``, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := v.Check(c.method, c.path, c.status, c.header, []byte(c.body))
			if (err == nil) != c.ok {
				t.Errorf("Check = %v, want ok=%v", err, c.ok)
			}
		})
	}
	w := httptest.NewRecorder()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(200)
	w.WriteString(`{"id":1}`)
	v.Response(t, "GET", "/things/1", w)
}
