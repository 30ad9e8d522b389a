// Command customers-api serves the customers HTTP API (SPEC §3).
//
//	customers-api                          run the server (migrations first)
//	customers-api migrate up|down|version  manage the schema
package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"

	"github.com/b2b-backoffice/customers-api/internal/config"
	"github.com/b2b-backoffice/customers-api/internal/httpapi"
	"github.com/b2b-backoffice/customers-api/internal/store"
	"github.com/b2b-backoffice/customers-api/migrations"
	"github.com/b2b-backoffice/platform/auth"
	"github.com/b2b-backoffice/platform/database"
	"github.com/b2b-backoffice/platform/logging"
	"github.com/b2b-backoffice/platform/server"
)

func main() {
	ctx, stop := server.SignalContext(context.Background())
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "customers-api:", err)
		os.Exit(1)
	}
}

// run starts the service and blocks until ctx ends.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) > 0 && args[0] == "migrate" {
		// Schema changes need only the database settings, not the secrets.
		dbc, err := config.LoadDB(getenv)
		if err != nil {
			return fmt.Errorf("configuration:\n%w", err)
		}
		return database.MigrateCommand(ctx, args[1:], dbc, migrations.FS, stdout)
	}
	if len(args) > 0 {
		return fmt.Errorf("unknown command %q (want no argument, or migrate up|down|version)", args[0])
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	log := logging.New(stdout, "customers-api", cfg.LogLevel)
	authn, err := auth.New(cfg.Auth, log)
	if err != nil {
		return err
	}
	db, err := database.Setup(ctx, cfg.DB, migrations.FS, log)
	if err != nil {
		return err
	}
	defer db.Close() // last: after the server has drained
	if err := server.StartPprof(ctx, log, cfg.PprofAddr); err != nil {
		return err
	}
	h := httpapi.New(store.New(db), authn, log)
	return server.Run(ctx, log, net.JoinHostPort("", strconv.Itoa(cfg.Port)), h)
}
