package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/b2b-backoffice/platform/config"
)

// PprofAddrFrom reads PPROF_ADDR, the address of the profiling listener.
// Unset (the default) means no profiling endpoint at all. The host must be
// a loopback address: profiles expose the program's internals and the
// listener has no authentication, so it must never face the network.
func PprofAddrFrom(r *config.Reader) string {
	addr := r.Lookup("PPROF_ADDR")
	if addr == "" {
		return ""
	}
	if err := checkLoopback(addr); err != nil {
		r.Fail(fmt.Errorf("PPROF_ADDR=%q %w", addr, err))
		return ""
	}
	return addr
}

func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return errors.New("must be host:port, such as 127.0.0.1:6061")
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return errors.New("must listen on a loopback address (127.0.0.1, ::1 or localhost)")
}

// PprofHandler serves net/http/pprof under /debug/pprof/ on a mux of its
// own, so the profiles are never reachable through the service's router.
func PprofHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// StartPprof listens on addr (when not empty) and serves PprofHandler in
// the background until ctx ends. A listen failure is returned at once, so
// a mistyped PPROF_ADDR stops the start rather than going unnoticed.
func StartPprof(ctx context.Context, log *slog.Logger, addr string) error {
	if addr == "" {
		return nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("PPROF_ADDR: %w", err)
	}
	srv := &http.Server{
		Handler:           PprofHandler(),
		ReadHeaderTimeout: 5 * time.Second,
		// A CPU profile or trace runs for its ?seconds= before answering.
		WriteTimeout: 5 * time.Minute,
		ErrorLog:     slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	go func() { _ = srv.Serve(ln) }()
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	log.Warn("profiling endpoint enabled (PPROF_ADDR); never expose it", "addr", ln.Addr().String())
	return nil
}
