package orders

import (
	"net/url"
	"time"

	"github.com/b2b-backoffice/platform/problem"
)

// ListFilter narrows GET /orders. From and To bound created_at inclusively,
// at millisecond precision.
type ListFilter struct {
	Status   Status
	From, To *time.Time
}

// ParseListFilter reads status, from and to. Times are RFC 3339 or
// YYYY-MM-DD dates (UTC); a date in to covers that whole day.
func ParseListFilter(q url.Values) (ListFilter, error) {
	var f ListFilter
	var fields []problem.FieldError
	if s := q.Get("status"); s != "" {
		st, ok := ParseStatus(s)
		if !ok {
			fields = append(fields, problem.FieldError{Field: "status", Message: "must be one of CREATED, CONFIRMED, CANCELED"})
		}
		f.Status = st
	}
	parse := func(name string, endOfDay bool) *time.Time {
		s := q.Get(name)
		if s == "" {
			return nil
		}
		t, err := parseBound(s, endOfDay)
		if err != nil {
			fields = append(fields, problem.FieldError{Field: name, Message: "must be an RFC 3339 time or a YYYY-MM-DD date"})
			return nil
		}
		return &t
	}
	f.From = parse("from", false)
	f.To = parse("to", true)
	if f.From != nil && f.To != nil && f.From.After(*f.To) {
		fields = append(fields, problem.FieldError{Field: "from", Message: "must not be after to"})
	}
	if len(fields) > 0 {
		return f, problem.Validation(fields...)
	}
	return f, nil
}

// parseBound reads one bound, truncated to the millisecond as stored. A
// date is its first millisecond, or with endOfDay its last.
func parseBound(s string, endOfDay bool) (time.Time, error) {
	if len(s) == len(time.DateOnly) {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return d, err
		}
		if endOfDay {
			d = d.AddDate(0, 0, 1).Add(-time.Millisecond)
		}
		return d, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return t, err
	}
	return t.UTC().Truncate(time.Millisecond), nil
}
