package server_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/b2b-backoffice/platform/config"
	"github.com/b2b-backoffice/platform/server"
)

func TestPprofAddrFrom(t *testing.T) {
	for _, tc := range []struct {
		val, want string
		ok        bool
	}{
		{"", "", true},
		{"127.0.0.1:6061", "127.0.0.1:6061", true},
		{"localhost:6061", "localhost:6061", true},
		{"[::1]:6061", "[::1]:6061", true},
		{"0.0.0.0:6061", "", false},
		{":6061", "", false},
		{"10.0.0.5:6061", "", false},
		{"example.com:6061", "", false},
		{"127.0.0.1", "", false},
	} {
		r := config.New(func(k string) string {
			if k == "PPROF_ADDR" {
				return tc.val
			}
			return ""
		})
		got := server.PprofAddrFrom(r)
		if got != tc.want || (r.Err() == nil) != tc.ok {
			t.Errorf("PPROF_ADDR=%q: got %q, err %v; want %q, ok %v", tc.val, got, r.Err(), tc.want, tc.ok)
		}
	}
}

func TestStartPprofServesProfilesUntilCanceled(t *testing.T) {
	// A free loopback port: listen, note it, release it.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	ctx, cancel := context.WithCancel(context.Background())
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := server.StartPprof(ctx, log, addr); err != nil {
		t.Fatal(err)
	}
	res, err := http.Get("http://" + addr + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "goroutine profile") {
		t.Fatalf("status %d, body %.200s", res.StatusCode, body)
	}
	// The address is taken: a second start fails instead of going unnoticed.
	if err := server.StartPprof(ctx, log, addr); err == nil {
		t.Error("a second StartPprof on the same address succeeded")
	}
	cancel()
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the pprof listener still accepts after the context ended")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestStartPprofOffByDefault(t *testing.T) {
	if err := server.StartPprof(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil)), ""); err != nil {
		t.Fatal(err)
	}
}
