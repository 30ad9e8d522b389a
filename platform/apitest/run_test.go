package apitest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"

	"github.com/b2b-backoffice/platform/apitest"
)

func TestEnv(t *testing.T) {
	env := apitest.Env(map[string]string{"A": "1"})
	if env("A") != "1" || env("B") != "" || apitest.Env(nil)("A") != "" {
		t.Error("Env does not read its map")
	}
}

func TestWantErrorNaming(t *testing.T) {
	apitest.WantErrorNaming(t, errors.New("PORT bad\nLOG_LEVEL bad"), "PORT", "LOG_LEVEL")
}

// TestStartStop starts a tiny "service" that serves /ready on the port
// and returns a sentinel when its context ends.
func TestStartStop(t *testing.T) {
	port := apitest.FreePort(t)
	stopped := errors.New("stopped")
	s := apitest.Start(t, port, func(ctx context.Context, stdout io.Writer) error {
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err != nil {
			return err
		}
		srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})}
		go func() { _ = srv.Serve(ln) }()
		fmt.Fprintln(stdout, "listening")
		<-ctx.Done()
		srv.Close()
		return stopped
	})
	resp, err := http.Get(s.Base + "/ready")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := s.Stop(t); !errors.Is(err, stopped) {
		t.Errorf("Stop returned %v, want run's own error", err)
	}
	if s.Logs.String() != "listening\n" {
		t.Errorf("logs %q", s.Logs.String())
	}
	if _, err := http.Get(s.Base + "/ready"); err == nil {
		t.Error("still serving after Stop")
	}
}
