package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/b2b-backoffice/orders-api/internal/orders"
	"github.com/b2b-backoffice/platform/database"
)

// Key is an idempotency key with what it is scoped to and the fingerprint
// of the request that carries it.
type Key struct {
	Scope       string
	Operation   string
	Key         string
	Fingerprint [32]byte
}

type keyRow struct {
	ID          int64         `db:"id"`
	Fingerprint []byte        `db:"fingerprint"`
	Status      int           `db:"response_status"`
	Body        []byte        `db:"response_body"`
	ResourceID  sql.NullInt64 `db:"resource_id"`
	ExpiresAt   time.Time     `db:"expires_at"`
}

const keyColumns = "id, fingerprint, response_status, response_body, resource_id, expires_at"

// replay turns a stored row into its answer: the same status and bytes, or
// idempotency_key_reused when the request differs.
func (r keyRow) replay(k Key) (*Response, error) {
	if !bytes.Equal(r.Fingerprint, k.Fingerprint[:]) {
		return nil, orders.ErrKeyReused
	}
	if r.Status == 0 {
		// Never committed without its answer; kept as a guard.
		return nil, orders.ErrKeyInProgress
	}
	return &Response{Status: r.Status, Body: r.Body, ResourceID: r.ResourceID.Int64, Replayed: true}, nil
}

// LookupKey is the cheap pre-check of a keyed request: the stored answer
// of a live key (so a replay skips the customer lookup), ErrKeyReused for
// another request under the key, or nil, nil when the key is free. It
// decides nothing for good: claimKey inside the transaction does.
func (s *Store) LookupKey(ctx context.Context, k Key) (*Response, error) {
	var r keyRow
	err := s.db.GetContext(ctx, &r, `SELECT `+keyColumns+` FROM idempotency_keys
		WHERE scope = ? AND operation = ? AND idem_key = ? AND expires_at > ?`,
		k.Scope, k.Operation, k.Key, s.now())
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return r.replay(k)
}

// claimKey makes the key's row the first write of tx. It returns nil, nil
// when tx now owns the key and must store its answer with saveAnswer.
//
// A concurrent request with the same key blocks on the unique index until
// the owner's transaction ends: after a commit it sees the duplicate and
// replays the stored answer (or gets ErrKeyReused); after a rollback its
// insert goes through and it runs the request itself. A row past its
// expiry is taken over: the key may be used afresh.
func (s *Store) claimKey(ctx context.Context, tx *sqlx.Tx, k Key, now time.Time) (*Response, error) {
	expires := now.Add(s.ttl)
	// Twice at most: the row seen as a duplicate may be purged before it is
	// read, and then the insert is simply tried again.
	for range 2 {
		_, err := tx.ExecContext(ctx, `INSERT INTO idempotency_keys
			(scope, operation, idem_key, fingerprint, response_status, response_body, created_at, expires_at)
			VALUES (?, ?, ?, ?, 0, '', ?, ?)`,
			k.Scope, k.Operation, k.Key, k.Fingerprint[:], now, expires)
		if !database.IsDuplicate(err) {
			return nil, err
		}
		// A locking read sees the latest committed row, not this
		// transaction's snapshot; a shared lock lets concurrent replays of
		// the same key read it together.
		var r keyRow
		err = tx.GetContext(ctx, &r, `SELECT `+keyColumns+` FROM idempotency_keys
			WHERE scope = ? AND operation = ? AND idem_key = ? LOCK IN SHARE MODE`,
			k.Scope, k.Operation, k.Key)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if !r.ExpiresAt.After(now) {
			_, err = tx.ExecContext(ctx, `UPDATE idempotency_keys SET fingerprint = ?, response_status = 0,
				response_body = '', resource_id = NULL, created_at = ?, expires_at = ? WHERE id = ?`,
				k.Fingerprint[:], now, expires, r.ID)
			return nil, err
		}
		return r.replay(k)
	}
	return nil, orders.ErrKeyInProgress
}

// saveAnswer stores the answer with the key claimed by this transaction.
func saveAnswer(ctx context.Context, tx *sqlx.Tx, k Key, res Response) error {
	_, err := tx.ExecContext(ctx, `UPDATE idempotency_keys SET response_status = ?, response_body = ?, resource_id = ?
		WHERE scope = ? AND operation = ? AND idem_key = ?`,
		res.Status, res.Body, res.ResourceID, k.Scope, k.Operation, k.Key)
	return err
}

// PurgeBatch is how many expired keys one DELETE removes: small batches
// keep each statement's locks short.
const PurgeBatch = 500

// PurgeExpiredKeys deletes every key expired by now, in batches, and
// returns how many it deleted.
func (s *Store) PurgeExpiredKeys(ctx context.Context) (int64, error) {
	now := s.now()
	var total int64
	for {
		res, err := s.db.ExecContext(ctx,
			`DELETE FROM idempotency_keys WHERE expires_at <= ? ORDER BY expires_at LIMIT ?`, now, PurgeBatch)
		if err != nil {
			return total, err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return total, err
		}
		total += n
		if n < PurgeBatch || ctx.Err() != nil {
			return total, ctx.Err()
		}
	}
}

// PurgeKeysEvery runs PurgeExpiredKeys every interval until ctx ends.
func (s *Store) PurgeKeysEvery(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		n, err := s.PurgeExpiredKeys(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("purging expired idempotency keys failed", "err", err.Error())
		case n > 0:
			log.Info("purged expired idempotency keys", "count", n)
		}
	}
}
