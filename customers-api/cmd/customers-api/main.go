// Command customers-api serves the customers HTTP API (SPEC §3).
//
//	customers-api                          run the server (migrations first)
//	customers-api migrate up|down|version  manage the schema
package main

import (
	"context"
	"fmt"
	"io"

	"github.com/b2b-backoffice/customers-api/internal/config"
	"github.com/b2b-backoffice/customers-api/internal/httpapi"
	"github.com/b2b-backoffice/customers-api/internal/store"
	"github.com/b2b-backoffice/customers-api/migrations"
	"github.com/b2b-backoffice/platform/auth"
	"github.com/b2b-backoffice/platform/database"
	"github.com/b2b-backoffice/platform/logging"
	"github.com/b2b-backoffice/platform/server"
)

func main() { server.Main("customers-api", run) }

// run starts the service and blocks until ctx ends.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) > 0 {
		// migrate up|down|version: the database settings, not the secrets.
		return database.Command(ctx, args, getenv, config.LoadDB, migrations.FS, stdout)
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
	h := httpapi.New(store.New(db), authn, log)
	return server.ListenAndServe(ctx, log, cfg.Port, cfg.PprofAddr, h)
}
