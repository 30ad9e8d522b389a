// Package page implements the list contract of SPEC §1: search, an opaque
// keyset cursor over ascending ids, and limit bounds.
package page

import (
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"

	"github.com/b2b-backoffice/platform/problem"
)

// Limit bounds.
const (
	DefaultLimit = 20
	MaxLimit     = 100
	maxSearchLen = 200
)

// Params are a list request's paging and search parameters.
type Params struct {
	Search string
	// After is the id of the last row already seen (0 for the first page).
	After int64
	Limit int
}

// Parse reads search, cursor and limit from a query string.
func Parse(q url.Values) (Params, error) {
	p := Params{Limit: DefaultLimit, Search: strings.TrimSpace(q.Get("search"))}
	if len(p.Search) > maxSearchLen {
		return p, problem.Validation(problem.FieldError{Field: "search", Message: "must be at most 200 characters long"})
	}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxLimit {
			return p, problem.Validation(problem.FieldError{Field: "limit", Message: "must be an integer from 1 to 100"})
		}
		p.Limit = n
	}
	if c := q.Get("cursor"); c != "" {
		after, err := DecodeCursor(c)
		if err != nil {
			return p, err
		}
		p.After = after
	}
	return p, nil
}

const cursorPrefix = "id:"

// EncodeCursor makes the opaque cursor that resumes after id.
func EncodeCursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + strconv.FormatInt(id, 10)))
}

// DecodeCursor reverses EncodeCursor; anything else is 400 invalid_cursor.
func DecodeCursor(c string) (int64, error) {
	bad := problem.New(problem.InvalidCursor, "the cursor is not valid; start again without one")
	if len(c) > 64 {
		return 0, bad
	}
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(raw), cursorPrefix) {
		return 0, bad
	}
	digits := strings.TrimPrefix(string(raw), cursorPrefix)
	id, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || id < 1 || strconv.FormatInt(id, 10) != digits {
		return 0, bad
	}
	return id, nil
}

// List is the list response body.
type List[T any] struct {
	Data       []T     `json:"data"`
	NextCursor *string `json:"next_cursor"`
}

// Build makes the response from up to limit+1 rows fetched in ascending id
// order: the extra row only tells that another page follows.
func Build[T any](rows []T, limit int, idOf func(T) int64) List[T] {
	l := List[T]{Data: rows}
	if l.Data == nil {
		l.Data = []T{}
	}
	if len(rows) > limit {
		l.Data = rows[:limit]
		c := EncodeCursor(idOf(rows[limit-1]))
		l.NextCursor = &c
	}
	return l
}

// LikeEscape is the escape character used with LikePattern: write
// "col LIKE ? ESCAPE '!'" in SQL.
const LikeEscape = "!"

// LikePattern makes a literal substring pattern: % and _ match themselves.
func LikePattern(s string) string {
	r := strings.NewReplacer("!", "!!", "%", "!%", "_", "!_")
	return "%" + r.Replace(s) + "%"
}
