package apitest

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// WaitReady polls url (a /ready endpoint) until it answers 200. It fails t
// when done (the channel run's error arrives on) yields first, or after
// 30 seconds; logs are printed with the failure.
func WaitReady(t testing.TB, url string, done <-chan error, logs fmt.Stringer) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case err := <-done:
			t.Fatalf("run ended before it was ready: %v\n%s", err, logs)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready after 30s\n%s", logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
