package httpapi_test

import (
	"fmt"
	"github.com/b2b-backoffice/platform/apitest"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/b2b-backoffice/platform/page"
	"github.com/b2b-backoffice/platform/problem"
)

type list struct {
	Data       []customer `json:"data"`
	NextCursor *string    `json:"next_cursor"`
}

// walk follows next_cursor from the first page and returns every row seen
// and the size of each page.
func (e *env) walk(query url.Values) (rows []customer, pages []int) {
	e.t.Helper()
	for i := 0; ; i++ {
		if i > 1000 {
			e.t.Fatal("next_cursor never ends")
		}
		w := e.do(req{Method: "GET", Path: "/customers?" + query.Encode()})
		apitest.WantStatus(e.t, w, http.StatusOK)
		l := apitest.DecodeAs[list](e.t, w)
		if l.Data == nil {
			e.t.Fatalf("data is %s, want an array", w.Body.String())
		}
		rows = append(rows, l.Data...)
		pages = append(pages, len(l.Data))
		if l.NextCursor == nil {
			return rows, pages
		}
		query.Set("cursor", *l.NextCursor)
	}
}

func TestListWalksEveryRowOnce(t *testing.T) {
	e := newEnv(t)
	var live []int64
	for i := 0; i < 23; i++ {
		c := e.create(fmt.Sprintf("Customer %02d", i), fmt.Sprintf("c%02d@example.com", i))
		if i%5 == 3 { // holes in the id sequence
			apitest.WantStatus(t, e.do(req{Method: "DELETE", Path: path(c.ID)}), http.StatusNoContent)
			continue
		}
		live = append(live, c.ID)
	}
	if len(live) != 19 {
		t.Fatalf("setup: %d live", len(live))
	}
	for _, limit := range []int{1, 2, 3, 5, 7, 18, 19, 20, 100} {
		t.Run(fmt.Sprintf("limit=%d", limit), func(t *testing.T) {
			rows, pages := e.walk(url.Values{"limit": {fmt.Sprint(limit)}})
			if len(rows) != len(live) {
				t.Fatalf("walked %d rows, want %d", len(rows), len(live))
			}
			for i, c := range rows {
				if c.ID != live[i] {
					t.Fatalf("row %d is id %d, want %d (ascending, each once)", i, c.ID, live[i])
				}
			}
			// Every page but the last is full; the last is never empty
			// (next_cursor is null when the last page is exactly full).
			for i, n := range pages {
				if i < len(pages)-1 && n != limit {
					t.Errorf("page %d has %d rows, want %d", i, n, limit)
				}
			}
			if last := pages[len(pages)-1]; last == 0 {
				t.Errorf("pages %v: an empty last page means next_cursor was set with nothing after it", pages)
			}
		})
	}
	t.Run("default limit is 20", func(t *testing.T) {
		for i := 0; i < 5; i++ {
			e.create(fmt.Sprintf("More %d", i), fmt.Sprintf("more%d@example.com", i))
		}
		l := apitest.DecodeAs[list](t, e.do(req{Method: "GET", Path: "/customers"}))
		if len(l.Data) != 20 || l.NextCursor == nil {
			t.Errorf("default page: %d rows, next %v", len(l.Data), l.NextCursor)
		}
	})
	t.Run("a cursor whose row was deleted still resumes after it", func(t *testing.T) {
		l := apitest.DecodeAs[list](t, e.do(req{Method: "GET", Path: "/customers?limit=2"}))
		apitest.WantStatus(t, e.do(req{Method: "DELETE", Path: path(l.Data[1].ID)}), http.StatusNoContent)
		n := apitest.DecodeAs[list](t, e.do(req{Method: "GET", Path: "/customers?limit=2&cursor=" + *l.NextCursor}))
		if len(n.Data) == 0 || n.Data[0].ID <= l.Data[1].ID {
			t.Errorf("page after a deleted cursor row: %+v", n.Data)
		}
	})
}

func TestListEmpty(t *testing.T) {
	e := newEnv(t)
	w := e.do(req{Method: "GET", Path: "/customers"})
	apitest.WantStatus(t, w, http.StatusOK)
	if got := strings.TrimSpace(w.Body.String()); got != `{"data":[],"next_cursor":null}` {
		t.Errorf("empty list %s", got)
	}
}

func TestListBadParams(t *testing.T) {
	e := newEnv(t)
	e.create("A", "a@example.com")
	for _, limit := range []string{"0", "101", "-1", "abc", "1.5", "1e2"} {
		b := apitest.WantProblem(t, e.do(req{Method: "GET", Path: "/customers?limit=" + limit}), http.StatusBadRequest, problem.ValidationFailed)
		apitest.WantField(t, b, "limit")
	}
	for _, limit := range []string{"1", "100"} {
		apitest.WantStatus(t, e.do(req{Method: "GET", Path: "/customers?limit=" + limit}), http.StatusOK)
	}
	for _, cursor := range []string{"garbage", "!!!", page.EncodeCursor(1) + "x", "aWQ6MA", "aWQ6LTE", "eDox",
		strings.Repeat("A", 80), url.QueryEscape("' OR 1=1 --")} {
		apitest.WantProblem(t, e.do(req{Method: "GET", Path: "/customers?cursor=" + cursor}), http.StatusBadRequest, problem.InvalidCursor)
	}
	b := apitest.WantProblem(t, e.do(req{Method: "GET", Path: "/customers?search=" + strings.Repeat("s", 201)}), http.StatusBadRequest, problem.ValidationFailed)
	apitest.WantField(t, b, "search")
}

func TestListSearch(t *testing.T) {
	e := newEnv(t)
	acme := e.create("ACME Corp", "ops@acme.com", "+1 555 0100")
	globex := e.create("Globex", "hank@globex.com", "+1 555 0200")
	pct := e.create("100% Cotton", "sales@cotton.com")
	under := e.create("snake_case Ltd", "info@snake.io")
	plain := e.create("snakeXcase Ltd", "info@snakex.io", "555_0300")
	cafe := e.create("Café Olé", "hola@cafe.es")
	gone := e.create("ACME Deleted", "old@acme.com")
	apitest.WantStatus(t, e.do(req{Method: "DELETE", Path: path(gone.ID)}), http.StatusNoContent)

	cases := []struct {
		search string
		want   []int64
	}{
		{"acme", []int64{acme.ID}},              // name and email, case-insensitive; deleted left out
		{"GLOBEX.COM", []int64{globex.ID}},      // email
		{"555 0200", []int64{globex.ID}},        // phone
		{"+1 555", []int64{acme.ID, globex.ID}}, // phone, ascending id
		{"%", []int64{pct.ID}},                  // % is literal
		{"_", []int64{under.ID, plain.ID}},      // _ is literal (name of one, phone of the other)
		{"snake_case", []int64{under.ID}},       // not snakeXcase
		{"!", nil},                              // the escape character itself
		{"nobody", nil},                         //
		{"  acme  ", []int64{acme.ID}},          // trimmed
		{"' OR 1=1 --", nil},                    // SQL is data
		{"", []int64{acme.ID, globex.ID, pct.ID, under.ID, plain.ID, cafe.ID}},
	}
	for _, tc := range cases {
		t.Run(tc.search, func(t *testing.T) {
			rows, _ := e.walk(url.Values{"search": {tc.search}, "limit": {"1"}})
			var got []int64
			for _, r := range rows {
				got = append(got, r.ID)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("search %q → %v, want %v", tc.search, got, tc.want)
			}
		})
	}
}
