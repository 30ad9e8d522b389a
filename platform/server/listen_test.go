package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/b2b-backoffice/platform/server"
)

// freeAddr returns a loopback address that was free a moment ago.
func freeAddr(t *testing.T) *net.TCPAddr {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr)
}

func TestListenAndServeWithProfiling(t *testing.T) {
	port, pprofAddr := freeAddr(t).Port, freeAddr(t).String()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "api") })
	go func() { done <- server.ListenAndServe(ctx, log, port, pprofAddr, h) }()

	get := func(url string) string {
		deadline := time.Now().Add(10 * time.Second)
		for {
			res, err := http.Get(url)
			if err == nil {
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				return string(b)
			}
			if time.Now().After(deadline) {
				t.Fatalf("GET %s: %v", url, err)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	if b := get(fmt.Sprintf("http://127.0.0.1:%d/", port)); b != "api" {
		t.Errorf("the API answered %q", b)
	}
	if b := get("http://" + pprofAddr + "/debug/pprof/"); !strings.Contains(b, "goroutine") {
		t.Errorf("the profiling listener answered %.100q", b)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("after cancel: %v", err)
	}
}

func TestListenAndServeRefusesABusyProfilingAddress(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := freeAddr(t).Port
	// Bounded, so a start that wrongly went on to serve still returns.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = server.ListenAndServe(ctx, slog.New(slog.NewTextHandler(io.Discard, nil)), port, ln.Addr().String(), http.NotFoundHandler())
	if err == nil || !strings.Contains(err.Error(), "PPROF_ADDR") {
		t.Fatalf("a busy PPROF_ADDR: %v", err)
	}
}
