package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
)

// RunFunc is a service's run: it serves until ctx ends, with the command
// line's arguments, the environment lookup and the log's writer passed in
// so a test can start the whole service in-process.
type RunFunc func(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error

// Main is a service binary's whole main: run with a context that SIGINT
// or SIGTERM cancels (the graceful shutdown), the process's arguments,
// environment and stdout; an error is printed as "name: err" and the
// process exits 1.
func Main(name string, run RunFunc) {
	ctx, stop := SignalContext(context.Background())
	code := exit(ctx, name, run, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// exit runs run and returns the process's exit code, saying why on stderr.
func exit(ctx context.Context, name string, run RunFunc, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if err := run(ctx, args, getenv, stdout); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return 1
	}
	return 0
}

// ListenAndServe serves h on port (every interface) until ctx ends, as Run
// does, after starting the profiling listener when pprofAddr is set (see
// StartPprof).
func ListenAndServe(ctx context.Context, log *slog.Logger, port int, pprofAddr string, h http.Handler) error {
	if err := StartPprof(ctx, log, pprofAddr); err != nil {
		return err
	}
	return Run(ctx, log, net.JoinHostPort("", strconv.Itoa(port)), h)
}
