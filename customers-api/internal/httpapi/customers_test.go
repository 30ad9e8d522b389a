package httpapi_test

import (
	"github.com/b2b-backoffice/platform/apitest"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/b2b-backoffice/platform/problem"
)

// wireTime is SPEC §1's time format: RFC 3339 UTC with milliseconds.
var wireTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

func TestCreate(t *testing.T) {
	e := newEnv(t)
	before := time.Now().UTC().Add(-time.Second)

	w := e.do(req{Method: "POST", Path: "/customers",
		Body: `{"name":"  ACME  ","email":"  Ops@Acme.com ","phone":" +34 600 000 000 "}`})
	apitest.WantStatus(t, w, http.StatusCreated)
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	c := apitest.DecodeAs[customer](t, w)
	if c.ID < 1 || c.Name != "ACME" || c.Email != "Ops@Acme.com" || string(c.Phone) != `"+34 600 000 000"` {
		t.Errorf("created %+v: want trimmed values, email case kept", c)
	}
	if loc := w.Header().Get("Location"); loc != path(c.ID) {
		t.Errorf("Location %q, want %q", loc, path(c.ID))
	}
	if !wireTime.MatchString(c.CreatedAt) || c.CreatedAt != c.UpdatedAt {
		t.Errorf("created_at %q updated_at %q: want equal wire times", c.CreatedAt, c.UpdatedAt)
	}
	if ts, _ := time.Parse(time.RFC3339, c.CreatedAt); ts.Before(before) || ts.After(time.Now().Add(time.Second)) {
		t.Errorf("created_at %q is not now", c.CreatedAt)
	}
	// The body has exactly the six members of SPEC §3.
	m := apitest.DecodeAs[map[string]any](t, w)
	if len(m) != 6 {
		t.Errorf("body members %v, want id name email phone created_at updated_at", m)
	}

	// What was answered is what is stored, to the millisecond.
	got := e.do(req{Method: "GET", Path: path(c.ID)})
	apitest.WantStatus(t, got, http.StatusOK)
	if g := apitest.DecodeAs[customer](t, got); g != c {
		t.Errorf("GET %+v, POST answered %+v", g, c)
	}

	t.Run("phone null when absent, blank or null", func(t *testing.T) {
		for i, body := range []string{
			`{"name":"No Phone","email":"nophone0@example.com"}`,
			`{"name":"No Phone","email":"nophone1@example.com","phone":"   "}`,
			`{"name":"No Phone","email":"nophone2@example.com","phone":null}`,
		} {
			w := e.do(req{Method: "POST", Path: "/customers", Body: body})
			apitest.WantStatus(t, w, http.StatusCreated)
			if c := apitest.DecodeAs[customer](t, w); string(c.Phone) != "null" {
				t.Errorf("%d: phone %s, want null", i, c.Phone)
			}
		}
	})
}

func TestCreateValidation(t *testing.T) {
	e := newEnv(t)
	long := func(n int) string { return strings.Repeat("a", n) }
	cases := []struct {
		name, body, field string
	}{
		{"missing name", `{"email":"a@example.com"}`, "name"},
		{"blank name", `{"name":"   ","email":"a@example.com"}`, "name"},
		{"name too long", `{"name":"` + long(121) + `","email":"a@example.com"}`, "name"},
		{"missing email", `{"name":"A"}`, "email"},
		{"bad email", `{"name":"A","email":"not-an-email"}`, "email"},
		{"email too long", `{"name":"A","email":"` + long(250) + `@x.com"}`, "email"},
		{"phone too long", `{"name":"A","email":"a@example.com","phone":"` + long(33) + `"}`, "phone"},
		{"unknown field", `{"name":"A","email":"a@example.com","vip":true}`, "vip"},
		{"id is not writable", `{"id":7,"name":"A","email":"a@example.com"}`, "id"},
		{"name wrong type", `{"name":5,"email":"a@example.com"}`, "name"},
		{"email wrong type", `{"name":"A","email":["a@example.com"]}`, "email"},
		{"phone wrong type", `{"name":"A","email":"a@example.com","phone":600000000}`, "phone"},
		{"null name", `{"name":null,"email":"a@example.com"}`, "name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := apitest.WantProblem(t, e.do(req{Method: "POST", Path: "/customers", Body: tc.body}),
				http.StatusBadRequest, problem.ValidationFailed)
			apitest.WantField(t, b, tc.field)
		})
	}
	t.Run("every failing field is named", func(t *testing.T) {
		b := apitest.WantProblem(t, e.do(req{Method: "POST", Path: "/customers", Body: `{"name":"","email":"x"}`}),
			http.StatusBadRequest, problem.ValidationFailed)
		apitest.WantField(t, b, "name")
		apitest.WantField(t, b, "email")
	})
	t.Run("limits are in characters, not bytes", func(t *testing.T) {
		name := strings.Repeat("é", 120) // 240 bytes
		w := e.do(req{Method: "POST", Path: "/customers", Body: mustJSON(t, map[string]string{"name": name, "email": "chars@example.com"})})
		apitest.WantStatus(t, w, http.StatusCreated)
		if c := apitest.DecodeAs[customer](t, w); c.Name != name {
			t.Errorf("name came back as %q", c.Name)
		}
	})
	// Nothing of the above was stored.
	l := apitest.DecodeAs[list](t, e.do(req{Method: "GET", Path: "/customers"}))
	if len(l.Data) != 1 {
		t.Errorf("%d customers stored, want only the valid one", len(l.Data))
	}
}

func TestGet(t *testing.T) {
	e := newEnv(t)
	c := e.create("Globex", "info@globex.com")
	w := e.do(req{Method: "GET", Path: path(c.ID)})
	apitest.WantStatus(t, w, http.StatusOK)
	if g := apitest.DecodeAs[customer](t, w); g != c {
		t.Errorf("GET %+v, want %+v", g, c)
	}
	apitest.WantProblem(t, e.do(req{Method: "GET", Path: path(c.ID + 1000)}), http.StatusNotFound, problem.CustomerNotFound)
	for _, bad := range []string{"abc", "0", "-1", "1.5", "01", "99999999999999999999"} {
		b := apitest.WantProblem(t, e.do(req{Method: "GET", Path: "/customers/" + bad}), http.StatusBadRequest, problem.ValidationFailed)
		apitest.WantField(t, b, "id")
	}
}

func TestUpdate(t *testing.T) {
	e := newEnv(t)
	c := e.create("Initech", "bill@initech.com", "555-0100")
	put := func(id int64, body string) *httptest.ResponseRecorder {
		return e.do(req{Method: "PUT", Path: path(id), Body: body})
	}

	time.Sleep(5 * time.Millisecond) // so updated_at must move
	w := put(c.ID, `{"name":"Initech Corp"}`)
	apitest.WantStatus(t, w, http.StatusOK)
	u := apitest.DecodeAs[customer](t, w)
	if u.Name != "Initech Corp" || u.Email != c.Email || string(u.Phone) != string(c.Phone) {
		t.Errorf("partial update %+v: only name should change from %+v", u, c)
	}
	if u.CreatedAt != c.CreatedAt || u.UpdatedAt <= c.UpdatedAt || !wireTime.MatchString(u.UpdatedAt) {
		t.Errorf("times after update: created %q→%q, updated %q→%q", c.CreatedAt, u.CreatedAt, c.UpdatedAt, u.UpdatedAt)
	}
	if g := apitest.DecodeAs[customer](t, e.do(req{Method: "GET", Path: path(c.ID)})); g != u {
		t.Errorf("GET after PUT %+v, PUT answered %+v", g, u)
	}

	u = apitest.DecodeAs[customer](t, put(c.ID, `{"email":" Bill@Initech.com ","phone":"555-0199"}`))
	if u.Email != "Bill@Initech.com" || string(u.Phone) != `"555-0199"` || u.Name != "Initech Corp" {
		t.Errorf("email+phone update: %+v", u)
	}
	u = apitest.DecodeAs[customer](t, put(c.ID, `{"phone":null}`))
	if string(u.Phone) != "null" || u.Name != "Initech Corp" {
		t.Errorf("phone null should clear only the phone: %+v", u)
	}
	if g := apitest.DecodeAs[customer](t, e.do(req{Method: "GET", Path: path(c.ID)})); string(g.Phone) != "null" {
		t.Errorf("stored phone %s after clearing", g.Phone)
	}
	u = apitest.DecodeAs[customer](t, put(c.ID, `{"phone":"555-0111"}`))
	u = apitest.DecodeAs[customer](t, put(c.ID, `{"phone":""}`))
	if string(u.Phone) != "null" {
		t.Errorf("blank phone should clear it like on create: %+v", u)
	}

	// Changing one's own email only in case is not a conflict with oneself.
	apitest.WantStatus(t, put(c.ID, `{"email":"BILL@INITECH.COM"}`), http.StatusOK)

	t.Run("bad bodies", func(t *testing.T) {
		cases := []struct{ name, body, field string }{
			{"empty object", `{}`, "body"},
			{"null name", `{"name":null}`, "name"},
			{"null email", `{"email":null}`, "email"},
			{"blank name", `{"name":"  "}`, "name"},
			{"bad email", `{"email":"nope"}`, "email"},
			{"long phone", `{"phone":"` + strings.Repeat("1", 33) + `"}`, "phone"},
			{"long name", `{"name":"` + strings.Repeat("n", 121) + `"}`, "name"},
			{"unknown field", `{"nickname":"x"}`, "nickname"},
			{"wrong type", `{"name":42}`, "name"},
			{"wrong type phone", `{"phone":true}`, "phone"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				b := apitest.WantProblem(t, put(c.ID, tc.body), http.StatusBadRequest, problem.ValidationFailed)
				apitest.WantField(t, b, tc.field)
			})
		}
		apitest.WantProblem(t, put(c.ID, `[]`), http.StatusBadRequest, problem.InvalidJSON)
		apitest.WantProblem(t, put(c.ID, `null`), http.StatusBadRequest, problem.InvalidJSON)
		apitest.WantProblem(t, e.do(req{Method: "PUT", Path: path(c.ID)}), http.StatusBadRequest, problem.InvalidJSON)
		// The customer is as the last good PUT left it.
		if g := apitest.DecodeAs[customer](t, e.do(req{Method: "GET", Path: path(c.ID)})); g.Name != "Initech Corp" || g.Email != "BILL@INITECH.COM" {
			t.Errorf("a rejected PUT changed the customer: %+v", g)
		}
	})

	t.Run("404", func(t *testing.T) {
		apitest.WantProblem(t, put(c.ID+1000, `{"name":"Ghost"}`), http.StatusNotFound, problem.CustomerNotFound)
	})

	t.Run("409 email_taken, case-insensitive", func(t *testing.T) {
		other := e.create("Hooli", "gavin@hooli.com")
		apitest.WantProblem(t, put(other.ID, `{"email":"bill@initech.com"}`), http.StatusConflict, problem.EmailTaken)
		if g := apitest.DecodeAs[customer](t, e.do(req{Method: "GET", Path: path(other.ID)})); g.Email != "gavin@hooli.com" {
			t.Errorf("a conflicting PUT changed the email to %q", g.Email)
		}
	})
}

func TestDelete(t *testing.T) {
	e := newEnv(t)
	c := e.create("Umbrella", "alice@umbrella.com")
	w := e.do(req{Method: "DELETE", Path: path(c.ID)})
	apitest.WantStatus(t, w, http.StatusNoContent)
	if w.Body.Len() != 0 {
		t.Errorf("204 with a Body: %q", w.Body.String())
	}
	apitest.WantProblem(t, e.do(req{Method: "GET", Path: path(c.ID)}), http.StatusNotFound, problem.CustomerNotFound)
	apitest.WantProblem(t, e.do(req{Method: "DELETE", Path: path(c.ID)}), http.StatusNotFound, problem.CustomerNotFound)
	apitest.WantProblem(t, e.do(req{Method: "PUT", Path: path(c.ID), Body: `{"name":"Back"}`}), http.StatusNotFound, problem.CustomerNotFound)
	apitest.WantProblem(t, e.do(req{Method: "GET", Path: "/internal" + path(c.ID), Auth: "Bearer " + serviceToken}),
		http.StatusNotFound, problem.CustomerNotFound)
	apitest.WantProblem(t, e.do(req{Method: "DELETE", Path: path(c.ID + 1000)}), http.StatusNotFound, problem.CustomerNotFound)
	if l := apitest.DecodeAs[list](t, e.do(req{Method: "GET", Path: "/customers"})); len(l.Data) != 0 {
		t.Errorf("a deleted customer is listed: %+v", l.Data)
	}

	// The row is kept (soft delete).
	var n int
	if err := e.db.Get(&n, "SELECT COUNT(*) FROM customers WHERE id = ? AND deleted_at IS NOT NULL", c.ID); err != nil || n != 1 {
		t.Errorf("soft-deleted rows: %d, %v", n, err)
	}
}

func TestEmailReuseAfterDelete(t *testing.T) {
	e := newEnv(t)
	first := e.create("Stark", "tony@stark.com")
	apitest.WantProblem(t, e.do(req{Method: "POST", Path: "/customers", Body: `{"name":"Stark 2","email":"TONY@stark.COM"}`}),
		http.StatusConflict, problem.EmailTaken)
	apitest.WantStatus(t, e.do(req{Method: "DELETE", Path: path(first.ID)}), http.StatusNoContent)

	second := e.create("Stark again", "Tony@Stark.com")
	if second.ID == first.ID || second.Email != "Tony@Stark.com" {
		t.Errorf("re-registration %+v", second)
	}
	// Only one live customer holds the email at a time, deleted ones do
	// not count, and several deleted ones may share it.
	apitest.WantProblem(t, e.do(req{Method: "POST", Path: "/customers", Body: `{"name":"x","email":"tony@stark.com"}`}),
		http.StatusConflict, problem.EmailTaken)
	apitest.WantStatus(t, e.do(req{Method: "DELETE", Path: path(second.ID)}), http.StatusNoContent)
	third := e.create("Stark thrice", "tony@stark.com")
	// An email freed by a delete may also be taken by a PUT.
	apitest.WantStatus(t, e.do(req{Method: "DELETE", Path: path(third.ID)}), http.StatusNoContent)
	other := e.create("Pepper", "pepper@stark.com")
	apitest.WantStatus(t, e.do(req{Method: "PUT", Path: path(other.ID), Body: `{"email":"tony@STARK.com"}`}), http.StatusOK)
}

// TestEmailUniqueIsNotAccentInsensitive: the case-insensitive uniqueness
// must not also fold accents (utf8mb4_unicode_ci would: é = e).
func TestEmailUniqueIsNotAccentInsensitive(t *testing.T) {
	e := newEnv(t)
	e.create("Jose", "jose@example.com")
	e.create("José", "josé@example.com")
	apitest.WantProblem(t, e.do(req{Method: "POST", Path: "/customers", Body: `{"name":"x","email":"JOSÉ@example.com"}`}),
		http.StatusConflict, problem.EmailTaken)
}
