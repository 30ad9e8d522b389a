package jsontime_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/b2b-backoffice/platform/jsontime"
)

func TestMarshal(t *testing.T) {
	cases := map[time.Time]string{
		time.Date(2026, 11, 29, 10, 28, 55, 123_999_999, time.UTC):              `"2026-11-29T10:28:55.123Z"`,
		time.Date(2026, 11, 29, 10, 28, 55, 0, time.UTC):                        `"2026-11-29T10:28:55.000Z"`,
		time.Date(2026, 11, 29, 0, 30, 0, 5_000_000, time.FixedZone("X", 3600)): `"2026-11-28T23:30:00.005Z"`,
	}
	for in, want := range cases {
		b, err := json.Marshal(jsontime.From(in))
		if err != nil || string(b) != want {
			t.Errorf("%v → %s, %v; want %s", in, b, err, want)
		}
	}
	var nilTime *time.Time
	if b, _ := json.Marshal(struct {
		At *jsontime.Time `json:"at"`
	}{jsontime.Ptr(nilTime)}); string(b) != `{"at":null}` {
		t.Errorf("nil → %s", b)
	}
}

func TestUnmarshal(t *testing.T) {
	var v jsontime.Time
	if err := json.Unmarshal([]byte(`"2026-11-29T11:28:55.123+01:00"`), &v); err != nil ||
		!v.Equal(time.Date(2026, 11, 29, 10, 28, 55, 123_000_000, time.UTC)) || v.Location() != time.UTC {
		t.Errorf("%v %v", v, err)
	}
	for _, bad := range []string{`12`, `"yesterday"`, `"2026-11-29"`, `""`, `"`} {
		if err := json.Unmarshal([]byte(bad), &v); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
