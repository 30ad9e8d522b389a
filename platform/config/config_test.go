package config_test

import (
	"strings"
	"testing"
	"time"

	"github.com/b2b-backoffice/platform/config"
)

func reader(m map[string]string) *config.Reader {
	return config.New(func(k string) string { return m[k] })
}

func TestReader(t *testing.T) {
	r := reader(map[string]string{
		"NAME": "  svc  ", "ALIAS": "second", "PORT": "8080", "TTL": "90s", "ON": "false", "PW": "  spaced  ",
	})
	if got := r.Lookup("MISSING", "NAME"); got != "svc" {
		t.Errorf("Lookup = %q", got)
	}
	if got := r.Lookup("EMPTY", "ALIAS"); got != "second" {
		t.Errorf("alias Lookup = %q", got)
	}
	if got := r.String("def", "MISSING"); got != "def" {
		t.Errorf("String default = %q", got)
	}
	if got := r.Raw("PW"); got != "  spaced  " {
		t.Errorf("Raw trimmed a secret: %q", got)
	}
	if got := r.Int("PORT", 1, 1, 65535); got != 8080 {
		t.Errorf("Int = %d", got)
	}
	if got := r.Int("MISSING", 7, 1, 10); got != 7 {
		t.Errorf("Int default = %d", got)
	}
	if got := r.Duration("TTL", time.Hour); got != 90*time.Second {
		t.Errorf("Duration = %v", got)
	}
	if got := r.Bool("ON", true); got {
		t.Errorf("Bool = %v", got)
	}
	if got := r.Bool("MISSING", true); !got {
		t.Errorf("Bool default = %v", got)
	}
	if got := r.Required("NAME", "why"); got != "svc" {
		t.Errorf("Required = %q", got)
	}
	if err := r.Err(); err != nil {
		t.Errorf("Err = %v", err)
	}
}

func TestReaderCollectsEveryProblem(t *testing.T) {
	r := reader(map[string]string{"PORT": "0", "N": "x", "TTL": "-5m", "D2": "soon", "ON": "maybe", "BLANK": "   "})
	if got := r.Int("PORT", 3001, 1, 65535); got != 3001 {
		t.Errorf("bad Int returned %d, want the default", got)
	}
	r.Int("N", 1, 1, 2)
	r.Duration("TTL", time.Minute)
	r.Duration("D2", time.Minute)
	r.Bool("ON", true)
	r.Required("SECRET", "the signing key")
	r.Required("BLANK", "blank counts as unset")
	msg := r.Err().Error()
	for _, want := range []string{`PORT="0" must be an integer from 1 to 65535`, "N=", "TTL=", "D2=", "ON=", "SECRET is required (the signing key)", "BLANK is required"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not say %q", msg, want)
		}
	}
}

func TestBaseURL(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
		ok   bool
	}{
		{map[string]string{}, "http://localhost:3001", true},
		{map[string]string{"A_BASE": "https://a.example:8443/api/"}, "https://a.example:8443/api", true},
		{map[string]string{"A_URL": "http://alias:1"}, "http://alias:1", true},
		{map[string]string{"A_BASE": "http://base:1", "A_URL": "http://alias:1"}, "http://base:1", true},
		{map[string]string{"A_BASE": "localhost:3001"}, "", false},
		{map[string]string{"A_BASE": "ftp://x"}, "", false},
		{map[string]string{"A_BASE": "http://"}, "", false},
		{map[string]string{"A_BASE": "http://x?y=1"}, "", false},
		{map[string]string{"A_BASE": "http://x#f"}, "", false},
	} {
		r := config.New(func(k string) string { return tc.env[k] })
		got := r.BaseURL("http://localhost:3001", "A_BASE", "A_URL")
		if err := r.Err(); (err == nil) != tc.ok {
			t.Errorf("%v: err %v, want ok=%v", tc.env, err, tc.ok)
		} else if err != nil && !strings.Contains(err.Error(), "A_BASE") {
			t.Errorf("%v: error %q does not name A_BASE", tc.env, err)
		}
		if tc.ok && got != tc.want {
			t.Errorf("%v: got %q, want %q", tc.env, got, tc.want)
		}
	}
}
