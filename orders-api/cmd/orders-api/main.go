// Command orders-api serves the products and orders HTTP API (SPEC §4, §6).
//
//	orders-api                          run the server (migrations first)
//	orders-api migrate up|down|version  manage the schema
package main

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/b2b-backoffice/orders-api/internal/config"
	"github.com/b2b-backoffice/orders-api/internal/customers"
	"github.com/b2b-backoffice/orders-api/internal/httpapi"
	"github.com/b2b-backoffice/orders-api/internal/store"
	"github.com/b2b-backoffice/orders-api/migrations"
	"github.com/b2b-backoffice/platform/auth"
	"github.com/b2b-backoffice/platform/database"
	"github.com/b2b-backoffice/platform/logging"
	"github.com/b2b-backoffice/platform/server"
)

func main() { server.Main("orders-api", run) }

// purgeEvery is how often expired idempotency keys are deleted.
const purgeEvery = time.Minute

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
	log := logging.New(stdout, "orders-api", cfg.LogLevel)
	authn, err := auth.New(cfg.Auth, log)
	if err != nil {
		return err
	}
	db, err := database.Setup(ctx, cfg.DB, migrations.FS, log)
	if err != nil {
		return err
	}
	defer db.Close() // last: after the server has drained and the purge stopped

	st := store.New(db, store.Options{CancelWindow: cfg.CancelWindow, IdempotencyTTL: cfg.IdempotencyTTL})
	purgeCtx, stopPurge := context.WithCancel(ctx)
	var purge sync.WaitGroup
	purge.Go(func() { st.PurgeKeysEvery(purgeCtx, purgeEvery, log) })
	defer purge.Wait()
	defer stopPurge()

	cc := customers.New(cfg.CustomersAPI, cfg.Auth.ServiceToken, customers.Options{})
	h := httpapi.New(st, cc, authn, log)
	return server.ListenAndServe(ctx, log, cfg.Port, cfg.PprofAddr, h)
}
