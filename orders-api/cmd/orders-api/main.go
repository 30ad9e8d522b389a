// Command orders-api is a skeleton: it serves /health until the service is built.
package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/b2b-backoffice/platform/httpx"
	"github.com/b2b-backoffice/platform/logging"
	"github.com/b2b-backoffice/platform/server"
)

func main() {
	ctx, stop := server.SignalContext(context.Background())
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "orders-api:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, _ []string, getenv func(string) string, stdout io.Writer) error {
	log := logging.New(stdout, "orders-api", 0)
	mux := http.NewServeMux()
	mux.Handle("GET /health", httpx.Health("orders-api"))
	port := getenv("PORT")
	if port == "" {
		port = "3002"
	}
	return server.Run(ctx, log, ":"+port, mux)
}
