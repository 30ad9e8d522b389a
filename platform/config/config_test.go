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
