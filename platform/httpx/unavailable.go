package httpx

import (
	"database/sql/driver"
	"errors"
	"net"
	"sync"
)

var (
	unavailableMu sync.RWMutex
	unavailableFn []func(error) bool
)

// RegisterUnavailable adds a test for errors that mean a dependency cannot
// take work right now (a database refusing connections, say): WriteError
// answers them 503 unavailable with Retry-After instead of a 500. The
// database package registers its own when a service imports it.
func RegisterUnavailable(fn func(error) bool) {
	unavailableMu.Lock()
	defer unavailableMu.Unlock()
	unavailableFn = append(unavailableFn, fn)
}

// isUnavailable reports a broken or refused connection to a dependency.
func isUnavailable(err error) bool {
	var opErr *net.OpError
	if errors.Is(err, driver.ErrBadConn) || errors.As(err, &opErr) {
		return true
	}
	unavailableMu.RLock()
	defer unavailableMu.RUnlock()
	for _, fn := range unavailableFn {
		if fn(err) {
			return true
		}
	}
	return false
}
