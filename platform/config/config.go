// Package config reads settings from an environment lookup function (not
// os.Getenv directly), collecting every problem so a service that cannot
// start says all of its reasons at once.
package config

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Reader reads typed values from getenv.
type Reader struct {
	getenv func(string) string
	errs   []error
}

// New returns a Reader over getenv (os.Getenv in main, a map in tests).
func New(getenv func(string) string) *Reader { return &Reader{getenv: getenv} }

// Lookup returns the first non-empty value among keys (a name and its
// aliases), trimmed.
func (r *Reader) Lookup(keys ...string) string {
	for _, k := range keys {
		if v := strings.TrimSpace(r.getenv(k)); v != "" {
			return v
		}
	}
	return ""
}

// Raw returns key's value untrimmed (for secrets such as passwords).
func (r *Reader) Raw(key string) string { return r.getenv(key) }

// String returns the value of the first set key, or def.
func (r *Reader) String(def string, keys ...string) string {
	if v := r.Lookup(keys...); v != "" {
		return v
	}
	return def
}

// Required returns key's value, recording an error when it is unset.
func (r *Reader) Required(key, why string) string {
	v := r.Lookup(key)
	if v == "" {
		r.errs = append(r.errs, fmt.Errorf("%s is required (%s)", key, why))
	}
	return v
}

// Int returns key's value as an int in [min, max], or def when unset.
func (r *Reader) Int(key string, def, min, max int) int {
	v := r.Lookup(key)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		r.errs = append(r.errs, fmt.Errorf("%s=%q must be an integer from %d to %d", key, v, min, max))
		return def
	}
	return n
}

// Duration returns key's value (Go duration syntax, e.g. "10m") or def.
func (r *Reader) Duration(key string, def time.Duration) time.Duration {
	v := r.Lookup(key)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		r.errs = append(r.errs, fmt.Errorf("%s=%q must be a positive duration such as 10m or 24h", key, v))
		return def
	}
	return d
}

// Bool returns key's value ("true"/"false"/"1"/"0") or def.
func (r *Reader) Bool(key string, def bool) bool {
	v := r.Lookup(key)
	if v == "" {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		r.errs = append(r.errs, fmt.Errorf("%s=%q must be true or false", key, v))
		return def
	}
	return b
}

// Fail records a problem found by the caller.
func (r *Reader) Fail(err error) { r.errs = append(r.errs, err) }

// Err returns every problem recorded, joined, or nil.
func (r *Reader) Err() error { return errors.Join(r.errs...) }

// BaseURL returns the first set key's value (a name and its aliases) or
// def, without a trailing slash. It must be an absolute http(s) URL with a
// host and no query or fragment, so that a typo fails at start rather than
// on the first call to that service.
func (r *Reader) BaseURL(def string, keys ...string) string {
	v := strings.TrimRight(r.String(def, keys...), "/")
	u, err := url.Parse(v)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		r.errs = append(r.errs, fmt.Errorf("%s=%q must be an http(s) URL such as %s", keys[0], v, def))
	case u.RawQuery != "" || u.Fragment != "":
		r.errs = append(r.errs, fmt.Errorf("%s=%q must not carry a query or fragment", keys[0], v))
	}
	return v
}
