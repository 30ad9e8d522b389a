// Package store is all of customers-api's SQL.
package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/b2b-backoffice/customers-api/internal/customers"
	"github.com/b2b-backoffice/platform/database"
	"github.com/b2b-backoffice/platform/page"
)

// Store reads and writes customers.
type Store struct {
	db  *sqlx.DB
	now func() time.Time
}

// New returns a Store over db.
func New(db *sqlx.DB) *Store {
	return &Store{db: db, now: func() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }}
}

// Ping checks the database (readiness).
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

const columns = "id, name, email, phone, created_at, updated_at"

// Create inserts a customer; a live customer with the same email
// (case-insensitive) makes it ErrEmailTaken. The unique index settles
// concurrent registrations; InTx retries the deadlocks InnoDB may report
// among racing inserts of one key.
func (s *Store) Create(ctx context.Context, in customers.CreateRequest) (customers.Customer, error) {
	now := s.now()
	c := customers.Customer{Name: in.Name, Email: in.Email, Phone: in.Phone, CreatedAt: now, UpdatedAt: now}
	err := database.InTx(ctx, s.db, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx,
			`INSERT INTO customers (name, email, phone, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
			c.Name, c.Email, c.Phone, now, now)
		if database.IsDuplicate(err) {
			return customers.ErrEmailTaken
		}
		if err != nil {
			return err
		}
		c.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return customers.Customer{}, err
	}
	return c, nil
}

// Get returns a live customer.
func (s *Store) Get(ctx context.Context, id int64) (customers.Customer, error) {
	return get(ctx, s.db, id, "")
}

func get(ctx context.Context, q sqlx.QueryerContext, id int64, lock string) (customers.Customer, error) {
	var c customers.Customer
	err := sqlx.GetContext(ctx, q, &c,
		`SELECT `+columns+` FROM customers WHERE id = ? AND deleted_at IS NULL`+lock, id)
	if errors.Is(err, sql.ErrNoRows) {
		return c, customers.ErrNotFound
	}
	return c, err
}

// List returns live customers after p.After in id order, matching p.Search
// (literally, case-insensitively) in name, email or phone.
func (s *Store) List(ctx context.Context, p page.Params) (page.List[customers.Customer], error) {
	q := `SELECT ` + columns + ` FROM customers WHERE deleted_at IS NULL AND id > ?`
	args := []any{p.After}
	if p.Search != "" {
		pat := page.LikePattern(p.Search)
		q += ` AND (name LIKE ? ESCAPE '!' OR email LIKE ? ESCAPE '!' OR phone LIKE ? ESCAPE '!')`
		args = append(args, pat, pat, pat)
	}
	q += ` ORDER BY id LIMIT ?`
	args = append(args, p.Limit+1)
	var rows []customers.Customer
	if err := s.db.SelectContext(ctx, &rows, q, args...); err != nil {
		return page.List[customers.Customer]{}, err
	}
	return page.Build(rows, p.Limit, func(c customers.Customer) int64 { return c.ID }), nil
}

// Update applies a partial update to a live customer.
func (s *Store) Update(ctx context.Context, id int64, p customers.Patch) (customers.Customer, error) {
	var out customers.Customer
	err := database.InTx(ctx, s.db, func(tx *sqlx.Tx) error {
		cur, err := get(ctx, tx, id, " FOR UPDATE")
		if err != nil {
			return err
		}
		out = p.Apply(cur)
		out.UpdatedAt = s.now()
		_, err = tx.ExecContext(ctx,
			`UPDATE customers SET name = ?, email = ?, phone = ?, updated_at = ? WHERE id = ?`,
			out.Name, out.Email, out.Phone, out.UpdatedAt, id)
		if database.IsDuplicate(err) {
			return customers.ErrEmailTaken
		}
		return err
	})
	return out, err
}

// Delete soft-deletes a live customer; its email is free again at once
// (the unique key only holds live rows).
func (s *Store) Delete(ctx context.Context, id int64) error {
	now := s.now()
	return database.InTx(ctx, s.db, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE customers SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL`, now, now, id)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			return customers.ErrNotFound
		}
		return nil
	})
}
