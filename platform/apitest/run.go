package apitest

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// Env returns a getenv over m, so a test hands run exactly the
// environment it means (nil: nothing set).
func Env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// FreePort returns a loopback TCP port that was free a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// WantErrorNaming fails t unless err is not nil and its message says each
// of want (a service refusing to start names every bad setting).
func WantErrorNaming(t testing.TB, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want one naming %q", want)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not say %q", err, w)
		}
	}
}

// Running is a service's run started by Start.
type Running struct {
	// Base is the service's URL, http://127.0.0.1:port.
	Base string
	// Logs holds what run wrote to its stdout.
	Logs   *SyncBuffer
	cancel context.CancelFunc
	done   chan error
}

// Start calls run (a service's run, with the environment naming port) in
// the background with a context Stop cancels and a log buffer for its
// stdout, and returns once the service's /ready answers 200.
func Start(t testing.TB, port int, run func(ctx context.Context, stdout io.Writer) error) *Running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &Running{Base: fmt.Sprintf("http://127.0.0.1:%d", port), Logs: &SyncBuffer{}, cancel: cancel, done: make(chan error, 1)}
	go func() { s.done <- run(ctx, s.Logs) }()
	t.Cleanup(cancel)
	WaitReady(t, s.Base+"/ready", s.done, s.Logs)
	return s
}

// Stop cancels run's context (a SIGTERM in production) and returns what
// run returned; it fails t if run has not returned 20 seconds later.
func (s *Running) Stop(t testing.TB) error {
	t.Helper()
	s.cancel()
	select {
	case err := <-s.done:
		return err
	case <-time.After(20 * time.Second):
		t.Fatalf("run did not return 20s after its context was canceled\n%s", s.Logs)
		return nil
	}
}
