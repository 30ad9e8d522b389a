// Command orchestrator serves the create-and-confirm API (SPEC §5) over
// HTTP; cmd/lambda serves the same handler as an AWS Lambda.
package main

import (
	"context"
	"fmt"
	"io"

	"github.com/b2b-backoffice/orchestrator/internal/app"
	"github.com/b2b-backoffice/orchestrator/internal/config"
	"github.com/b2b-backoffice/platform/logging"
	"github.com/b2b-backoffice/platform/server"
)

func main() { server.Main("orchestrator", run) }

// run starts the service and blocks until ctx ends.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) > 0 {
		return fmt.Errorf("unknown argument %q (the orchestrator takes none)", args[0])
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	log := logging.New(stdout, "orchestrator", cfg.LogLevel)
	h, err := app.Handler(cfg, log)
	if err != nil {
		return err
	}
	log.Info("downstream services", "customers_api", cfg.CustomersAPI, "orders_api", cfg.OrdersAPI)
	return server.ListenAndServe(ctx, log, cfg.Port, cfg.PprofAddr, h)
}
