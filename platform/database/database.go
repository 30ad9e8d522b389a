// Package database opens the MySQL/MariaDB pool every service uses and runs
// transactions with a bounded retry on deadlocks and lock-wait timeouts.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jmoiron/sqlx"

	"github.com/b2b-backoffice/platform/config"
)

// Config locates a service's database.
type Config struct {
	// DSN, when set, wins over the other fields (go-sql-driver syntax).
	DSN      string
	Host     string
	Port     int
	User     string
	Password string
	Name     string
	// MaxOpenConns bounds the pool (DB_MAX_OPEN_CONNS, default
	// MaxOpenConns); idle connections are kept up to the same number.
	MaxOpenConns int
}

// ConfigFrom reads DB_DSN or DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, DB_NAME.
func ConfigFrom(r *config.Reader, defaultName string) Config {
	return Config{
		DSN:      r.Lookup("DB_DSN"),
		Host:     r.String("127.0.0.1", "DB_HOST"),
		Port:     r.Int("DB_PORT", 3306, 1, 65535),
		User:     r.String("root", "DB_USER"),
		Password: r.Raw("DB_PASSWORD"),
		Name:     r.String(defaultName, "DB_NAME"),

		MaxOpenConns: r.Int("DB_MAX_OPEN_CONNS", MaxOpenConns, 1, 1000),
	}
}

// MySQLConfig returns the driver configuration: times parsed as UTC with
// the session in UTC, so DATETIME(3) values mean UTC everywhere.
func (c Config) MySQLConfig() (*mysql.Config, error) {
	var mc *mysql.Config
	if c.DSN != "" {
		parsed, err := mysql.ParseDSN(c.DSN)
		if err != nil {
			return nil, fmt.Errorf("DB_DSN is not a valid DSN: %w", err)
		}
		mc = parsed
	} else {
		mc = mysql.NewConfig()
		mc.User = c.User
		mc.Passwd = c.Password
		mc.Net = "tcp"
		mc.Addr = net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
		mc.DBName = c.Name
	}
	mc.ParseTime = true
	mc.Loc = time.UTC
	if mc.Params == nil {
		mc.Params = map[string]string{}
	}
	mc.Params["time_zone"] = "'+00:00'"
	if mc.Timeout == 0 {
		mc.Timeout = 5 * time.Second
	}
	// Placeholders are interpolated by the driver, so a statement with
	// arguments is one round trip (COM_QUERY) instead of three packets and
	// two round trips (prepare, execute, close): it halved the statements'
	// network waits and MariaDB's per-statement work in the benchmark. It
	// is safe with the utf8mb4 connection collation (the driver refuses the
	// multibyte collations where escaping is ambiguous) and honours
	// NO_BACKSLASH_ESCAPES. A DSN that says interpolateParams keeps its
	// choice.
	if !strings.Contains(c.DSN, "interpolateParams=") {
		mc.InterpolateParams = true
	}
	return mc, nil
}

// FormatDSN returns the driver DSN for the configuration.
func (c Config) FormatDSN() (string, error) {
	mc, err := c.MySQLConfig()
	if err != nil {
		return "", err
	}
	return mc.FormatDSN(), nil
}

// Pool settings, chosen on purpose:
//   - MaxOpenConns bounds the statements one service runs at once. More
//     connections than MariaDB has CPUs to run them only queue inside the
//     server (a thread each) instead of in the pool; 32 leaves room for a
//     request's transaction to wait on a row lock while others proceed.
//     Measured on the 2-core machine, flow at concurrency 64, orders-api
//     and customers-api pools of 8 / 16 / 32: 246-253 / 260-263 / 265-268
//     flows/s, p99 606-614 / 542-620 / 450-498 ms; 32 it is.
//   - MaxIdleConns equals it, so a burst never closes and reopens
//     connections (each a TCP and auth handshake).
//   - ConnMaxLifetime recycles connections well inside the server's
//     wait_timeout (8 h by default) and lets a failover or DNS change be
//     picked up; ConnMaxIdleTime releases the pool after a quiet spell.
const (
	MaxOpenConns    = 32
	MaxIdleConns    = MaxOpenConns
	ConnMaxLifetime = 30 * time.Minute
	ConnMaxIdleTime = 5 * time.Minute
)

// Open opens a pool of at most MaxOpenConns connections on dsn and pings it.
func Open(ctx context.Context, dsn string) (*sqlx.DB, error) {
	return OpenPool(ctx, dsn, MaxOpenConns)
}

// OpenPool is Open with at most maxOpen connections (idle ones kept up to
// the same number; MaxOpenConns when maxOpen is not positive).
func OpenPool(ctx context.Context, dsn string, maxOpen int) (*sqlx.DB, error) {
	if maxOpen <= 0 {
		maxOpen = MaxOpenConns
	}
	db, err := sqlx.Open("mysql", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(maxOpen)
	db.SetMaxIdleConns(maxOpen)
	db.SetConnMaxLifetime(ConnMaxLifetime)
	db.SetConnMaxIdleTime(ConnMaxIdleTime)
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// EnsureDatabase creates the configured database when it does not exist
// yet (so a first start against a bare server works), connecting without a
// default database.
func EnsureDatabase(ctx context.Context, mc *mysql.Config) error {
	if mc.DBName == "" {
		return errors.New("no database name configured")
	}
	server := mc.Clone()
	server.DBName = ""
	db, err := sql.Open("mysql", server.FormatDSN())
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, "CREATE DATABASE IF NOT EXISTS "+QuoteIdent(mc.DBName)+
		" CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
	return err
}

// QuoteIdent quotes a MySQL identifier.
func QuoteIdent(s string) string {
	out := []byte{'`'}
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			out = append(out, '`')
		}
		out = append(out, s[i])
	}
	return string(append(out, '`'))
}

// MySQL error numbers the services act on.
const (
	ErrDupEntry        = 1062
	ErrLockWaitTimeout = 1205
	ErrDeadlock        = 1213
	ErrBadDB           = 1049
)

// ErrorNumber returns the MySQL error number of err, or 0.
func ErrorNumber(err error) uint16 {
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		return me.Number
	}
	return 0
}

// IsDuplicate reports a unique-key violation.
func IsDuplicate(err error) bool { return ErrorNumber(err) == ErrDupEntry }

// IsRetryable reports a deadlock or lock-wait timeout: the transaction was
// rolled back (or must be) and running it again is safe.
func IsRetryable(err error) bool {
	n := ErrorNumber(err)
	return n == ErrDeadlock || n == ErrLockWaitTimeout
}

// MaxAttempts bounds InTx's retries.
const MaxAttempts = 5

// InTx runs fn in a transaction and commits it. A deadlock or lock-wait
// timeout (from fn or from the commit) rolls back and runs fn again, at
// most MaxAttempts times in all, with a short growing pause; any other
// error rolls back and is returned as it is. The commit error is never
// dropped.
func InTx(ctx context.Context, db *sqlx.DB, fn func(tx *sqlx.Tx) error) error {
	var err error
	for attempt := 1; attempt <= MaxAttempts; attempt++ {
		err = runTx(ctx, db, fn)
		if err == nil || !IsRetryable(err) {
			return err
		}
		if attempt < MaxAttempts {
			select {
			case <-ctx.Done():
				return errors.Join(ctx.Err(), err)
			case <-time.After(time.Duration(attempt*attempt) * 5 * time.Millisecond):
			}
		}
	}
	return fmt.Errorf("transaction gave up after %d attempts: %w", MaxAttempts, err)
}

func runTx(ctx context.Context, db *sqlx.DB, fn func(tx *sqlx.Tx) error) error {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	// After a successful Commit this is a no-op; on any other path
	// (including a panic in fn) it releases the locks at once.
	defer func() { _ = tx.Rollback() }()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}
