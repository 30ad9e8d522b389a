package page_test

import (
	"encoding/base64"
	"math"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/b2b-backoffice/platform/page"
	"github.com/b2b-backoffice/platform/problem"
)

func TestCursorRoundTrip(t *testing.T) {
	for _, id := range []int64{1, 2, 19, 1 << 40, math.MaxInt64} {
		c := page.EncodeCursor(id)
		got, err := page.DecodeCursor(c)
		if err != nil || got != id {
			t.Errorf("%d → %q → %d, %v", id, c, got, err)
		}
		if strings.Contains(c, strconv.FormatInt(id, 10)) {
			t.Errorf("cursor %q shows the id in clear", c)
		}
	}
}

func TestInvalidCursors(t *testing.T) {
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	for _, c := range []string{
		"x", "!!!!", "id:5", enc("id:"), enc("id:0"), enc("id:-3"), enc("id:+3"), enc("id:05"), enc("id:5 "),
		enc("id:9223372036854775808"), enc("id:abc"), enc("ix:5"), enc("5"),
		base64.StdEncoding.EncodeToString([]byte("id:5")) + "=", page.EncodeCursor(5) + "A",
		strings.Repeat("A", 65), "' OR 1=1 --",
	} {
		if id, err := page.DecodeCursor(c); err == nil || problem.CodeOf(err) != problem.InvalidCursor {
			t.Errorf("DecodeCursor(%q) = %d, %v; want invalid_cursor", c, id, err)
		}
	}
}

func TestParse(t *testing.T) {
	cases := []struct {
		query string
		want  page.Params
		bad   problem.Code
		field string
	}{
		{query: "", want: page.Params{Limit: 20}},
		{query: "limit=1", want: page.Params{Limit: 1}},
		{query: "limit=100&search=+acme+", want: page.Params{Limit: 100, Search: "acme"}},
		{query: "cursor=" + page.EncodeCursor(42), want: page.Params{Limit: 20, After: 42}},
		{query: "limit=0", bad: problem.ValidationFailed, field: "limit"},
		{query: "limit=101", bad: problem.ValidationFailed, field: "limit"},
		{query: "limit=-1", bad: problem.ValidationFailed, field: "limit"},
		{query: "limit=abc", bad: problem.ValidationFailed, field: "limit"},
		{query: "limit=99999999999999999999", bad: problem.ValidationFailed, field: "limit"},
		{query: "cursor=nope", bad: problem.InvalidCursor},
		{query: "search=" + strings.Repeat("s", 201), bad: problem.ValidationFailed, field: "search"},
	}
	for _, tc := range cases {
		q, _ := url.ParseQuery(tc.query)
		got, err := page.Parse(q)
		if tc.bad != "" {
			pe, ok := problem.As(err)
			if !ok || pe.Code != tc.bad || (tc.field != "" && (len(pe.Fields) != 1 || pe.Fields[0].Field != tc.field)) {
				t.Errorf("%q: err %v, want %s on %q", tc.query, err, tc.bad, tc.field)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%q → %+v, %v; want %+v", tc.query, got, err, tc.want)
		}
	}
}

func TestBuild(t *testing.T) {
	id := func(v int64) int64 { return v }
	if l := page.Build[int64](nil, 3, id); l.Data == nil || len(l.Data) != 0 || l.NextCursor != nil {
		t.Errorf("empty: %+v", l)
	}
	// Exactly limit rows: the last page is full and nothing follows.
	if l := page.Build([]int64{1, 2, 3}, 3, id); len(l.Data) != 3 || l.NextCursor != nil {
		t.Errorf("full last page: %+v", l)
	}
	// limit+1 rows: the extra row is not returned, the cursor resumes after row limit.
	l := page.Build([]int64{4, 7, 9, 12}, 3, id)
	if len(l.Data) != 3 || l.NextCursor == nil {
		t.Fatalf("more follow: %+v", l)
	}
	if after, _ := page.DecodeCursor(*l.NextCursor); after != 9 {
		t.Errorf("cursor resumes after %d, want 9", after)
	}
}

func TestLikePattern(t *testing.T) {
	cases := map[string]string{
		"acme":     "%acme%",
		"100%":     "%100!%%",
		"a_b":      "%a!_b%",
		"!":        "%!!%",
		"!%_":      "%!!!%!_%",
		`\`:        `%\%`,
		"' OR 1=1": "%' OR 1=1%",
		"":         "%%",
	}
	for in, want := range cases {
		if got := page.LikePattern(in); got != want {
			t.Errorf("LikePattern(%q) = %q, want %q", in, got, want)
		}
	}
	if page.LikeEscape != "!" {
		t.Errorf("LikeEscape %q", page.LikeEscape)
	}
}
