// Package store is all of orders-api's SQL. Every write use case is one
// visible transaction (database.InTx) that loads and locks rows, asks a
// pure rule of package orders what to do, and writes the outcome.
package store

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/b2b-backoffice/orders-api/internal/orders"
	"github.com/b2b-backoffice/platform/database"
	"github.com/b2b-backoffice/platform/problem"
)

// Options tune a Store; zero values take the defaults.
type Options struct {
	// Now is the clock (default: the system clock). Tests move it to
	// cross the cancel window and key expiry without sleeping.
	Now func() time.Time
	// CancelWindow is how long after confirmation an order may still be
	// canceled (default 10m).
	CancelWindow time.Duration
	// IdempotencyTTL is how long a key is kept (default 24h).
	IdempotencyTTL time.Duration
}

// Store reads and writes products, orders and idempotency keys.
type Store struct {
	db     *sqlx.DB
	clock  func() time.Time
	window time.Duration
	ttl    time.Duration
}

// New returns a Store over db.
func New(db *sqlx.DB, o Options) *Store {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.CancelWindow <= 0 {
		o.CancelWindow = 10 * time.Minute
	}
	if o.IdempotencyTTL <= 0 {
		o.IdempotencyTTL = 24 * time.Hour
	}
	return &Store{db: db, clock: o.Now, window: o.CancelWindow, ttl: o.IdempotencyTTL}
}

// now is the clock at the precision the database stores (DATETIME(3), UTC),
// so what is answered equals what is read back later.
func (s *Store) now() time.Time { return s.clock().UTC().Truncate(time.Millisecond) }

// Ping checks the database (readiness).
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// Response is the answer to a write that an idempotency key can replay:
// the status and the exact body bytes sent the first time.
type Response struct {
	Status int
	Body   []byte
	// ResourceID is the order the answer is about.
	ResourceID int64
	// Replayed is true when the answer is a stored one.
	Replayed bool
}

// errBusy is what a transaction that kept hitting deadlocks or lock-wait
// timeouts past InTx's retries becomes: never a 500. With an idempotency
// key the likely cause is a long-running duplicate, hence in_progress.
func errBusy(err error, keyed bool) error {
	if !database.IsRetryable(err) {
		return err
	}
	if keyed {
		return orders.ErrKeyInProgress
	}
	return errUnavailable()
}

// errUnavailable is 503 unavailable with Retry-After: the request may be
// sent again shortly.
func errUnavailable() error {
	e := problem.New(problem.Unavailable, "the database is busy; retry shortly")
	e.Header = map[string][]string{"Retry-After": {"1"}}
	return e
}
