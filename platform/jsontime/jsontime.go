// Package jsontime is the wire format of times: RFC 3339, UTC, milliseconds
// ("2026-11-29T10:28:55.123Z").
package jsontime

import (
	"fmt"
	"time"
)

// Layout is the wire layout.
const Layout = "2006-01-02T15:04:05.000Z07:00"

// Time marshals as RFC 3339 UTC with milliseconds.
type Time struct{ time.Time }

// From wraps t.
func From(t time.Time) Time { return Time{t} }

// Ptr wraps *t, keeping nil as nil (JSON null).
func Ptr(t *time.Time) *Time {
	if t == nil {
		return nil
	}
	return &Time{*t}
}

// Format renders t in the wire layout.
func Format(t time.Time) string { return t.UTC().Truncate(time.Millisecond).Format(Layout) }

// MarshalJSON implements json.Marshaler. It formats straight into the
// one buffer it returns (every answer carries two to four times).
func (t Time) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, len(Layout)+2)
	b = append(b, '"')
	b = t.UTC().Truncate(time.Millisecond).AppendFormat(b, Layout)
	return append(b, '"'), nil
}

// UnmarshalJSON implements json.Unmarshaler; it takes any RFC 3339 time.
func (t *Time) UnmarshalJSON(b []byte) error {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("time must be an RFC 3339 string")
	}
	v, err := time.Parse(time.RFC3339Nano, string(b[1:len(b)-1]))
	if err != nil {
		return err
	}
	t.Time = v.UTC()
	return nil
}
