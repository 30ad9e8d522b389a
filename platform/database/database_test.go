package database_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jmoiron/sqlx"

	"github.com/b2b-backoffice/platform/config"
	"github.com/b2b-backoffice/platform/database"
	"github.com/b2b-backoffice/platform/dbtest"
)

// newTable returns a fresh database with table t(id, n) holding rows 1 and 2.
func newTable(t *testing.T) *dbtest.DB {
	t.Helper()
	db := dbtest.New(t, nil)
	db.MustExec(`CREATE TABLE t (id INT PRIMARY KEY, n INT NOT NULL) ENGINE=InnoDB`)
	db.MustExec(`INSERT INTO t VALUES (1, 0), (2, 0)`)
	return db
}

func values(t *testing.T, db *dbtest.DB) (a, b int) {
	t.Helper()
	if err := db.QueryRow(`SELECT (SELECT n FROM t WHERE id = 1), (SELECT n FROM t WHERE id = 2)`).Scan(&a, &b); err != nil {
		t.Fatal(err)
	}
	return a, b
}

// TestInTxRetriesARealDeadlock makes two transactions lock rows 1 and 2 in
// opposite orders. InnoDB kills one with error 1213; InTx must run it
// again, and both must commit exactly once.
func TestInTxRetriesARealDeadlock(t *testing.T) {
	db := newTable(t)
	var firstLocks sync.WaitGroup
	firstLocks.Add(2)
	var attempts, deadlocks atomic.Int32
	worker := func(first, second int) error {
		tries := 0
		return database.InTx(context.Background(), db.DB, func(tx *sqlx.Tx) error {
			tries++
			attempts.Add(1)
			if _, err := tx.Exec(`UPDATE t SET n = n + 1 WHERE id = ?`, first); err != nil {
				return err
			}
			if tries == 1 {
				// Both hold their first row before either asks for its second.
				firstLocks.Done()
				firstLocks.Wait()
			}
			_, err := tx.Exec(`UPDATE t SET n = n + 1 WHERE id = ?`, second)
			if database.ErrorNumber(err) == database.ErrDeadlock {
				deadlocks.Add(1)
			}
			return err
		})
	}
	errs := make(chan error, 2)
	go func() { errs <- worker(1, 2) }()
	go func() { errs <- worker(2, 1) }()
	for i := 0; i < 2; i++ {
		if err := <-errs; err != nil {
			t.Fatalf("a transaction failed: %v", err)
		}
	}
	if deadlocks.Load() < 1 || attempts.Load() < 3 {
		t.Fatalf("no deadlock happened (%d deadlocks, %d attempts): the test proves nothing", deadlocks.Load(), attempts.Load())
	}
	// Each transaction added 1 to each row once: the victim's first
	// attempt was rolled back.
	if a, b := values(t, db); a != 2 || b != 2 {
		t.Errorf("rows hold %d and %d, want 2 and 2", a, b)
	}
}

func TestInTxReturnsOtherErrorsUnchangedAndRollsBack(t *testing.T) {
	db := newTable(t)
	sentinel := errors.New("business rule says no")
	calls := 0
	err := database.InTx(context.Background(), db.DB, func(tx *sqlx.Tx) error {
		calls++
		tx.MustExec(`UPDATE t SET n = 5 WHERE id = 1`)
		return sentinel
	})
	if err != sentinel || calls != 1 {
		t.Errorf("err %v after %d calls, want the sentinel itself after 1", err, calls)
	}
	if a, _ := values(t, db); a != 0 {
		t.Errorf("row 1 is %d: not rolled back", a)
	}

	// A MySQL error that is not a deadlock is not retried either.
	calls = 0
	err = database.InTx(context.Background(), db.DB, func(tx *sqlx.Tx) error {
		calls++
		_, err := tx.Exec(`INSERT INTO t VALUES (1, 9)`)
		return err
	})
	if !database.IsDuplicate(err) || calls != 1 {
		t.Errorf("duplicate: err %v after %d calls", err, calls)
	}
}

func TestInTxGivesUpAfterMaxAttempts(t *testing.T) {
	db := newTable(t)
	calls := 0
	deadlock := &mysql.MySQLError{Number: database.ErrDeadlock, Message: "Deadlock found"}
	err := database.InTx(context.Background(), db.DB, func(tx *sqlx.Tx) error {
		calls++
		tx.MustExec(`UPDATE t SET n = n + 1 WHERE id = 2`)
		return deadlock
	})
	if calls != database.MaxAttempts || !errors.Is(err, deadlock) || !strings.Contains(err.Error(), "gave up") {
		t.Errorf("err %v after %d calls", err, calls)
	}
	if _, b := values(t, db); b != 0 {
		t.Errorf("row 2 is %d: an attempt was committed", b)
	}
}

func TestInTxStopsRetryingWhenContextEnds(t *testing.T) {
	db := newTable(t)
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	err := database.InTx(ctx, db.DB, func(tx *sqlx.Tx) error {
		calls++
		cancel()
		return &mysql.MySQLError{Number: database.ErrLockWaitTimeout}
	})
	if calls != 1 || !errors.Is(err, context.Canceled) || !database.IsRetryable(err) {
		t.Errorf("err %v after %d calls", err, calls)
	}
}

// TestInTxReturnsTheCommitError kills the transaction's connection from
// another one just before Commit: the commit fails and InTx must say so.
func TestInTxReturnsTheCommitError(t *testing.T) {
	db := newTable(t)
	var killErr error
	err := database.InTx(context.Background(), db.DB, func(tx *sqlx.Tx) error {
		var id int64
		if err := tx.Get(&id, `SELECT CONNECTION_ID()`); err != nil {
			return err
		}
		tx.MustExec(`UPDATE t SET n = 7 WHERE id = 1`)
		_, killErr = db.Exec(`KILL ?`, id)
		return nil // fn succeeds: only the commit can fail
	})
	if killErr != nil {
		t.Fatalf("could not kill the connection: %v", killErr)
	}
	if err == nil {
		t.Fatal("InTx returned nil although its commit could not have succeeded")
	}
	if a, _ := values(t, db); a != 0 {
		t.Errorf("row 1 is %d after a failed commit", a)
	}
}

func TestInTxReleasesLocksOnPanic(t *testing.T) {
	db := newTable(t)
	func() {
		defer func() {
			if recover() == nil {
				t.Error("the panic was swallowed")
			}
		}()
		_ = database.InTx(context.Background(), db.DB, func(tx *sqlx.Tx) error {
			tx.MustExec(`UPDATE t SET n = 3 WHERE id = 1`)
			panic("boom")
		})
	}()
	// The row is neither changed nor still locked.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	err := database.InTx(ctx, db.DB, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE t SET n = n + 1 WHERE id = 1`)
		return err
	})
	if err != nil {
		t.Fatalf("row still locked after the panic: %v", err)
	}
	if a, _ := values(t, db); a != 1 {
		t.Errorf("row 1 is %d, want 1", a)
	}
}

func TestErrorClassification(t *testing.T) {
	if !database.IsDuplicate(&mysql.MySQLError{Number: 1062}) || database.IsDuplicate(errors.New("1062")) {
		t.Error("IsDuplicate")
	}
	if !database.IsRetryable(&mysql.MySQLError{Number: 1213}) || !database.IsRetryable(&mysql.MySQLError{Number: 1205}) ||
		database.IsRetryable(&mysql.MySQLError{Number: 1062}) || database.IsRetryable(nil) {
		t.Error("IsRetryable")
	}
	if database.ErrorNumber(errors.Join(errors.New("x"), &mysql.MySQLError{Number: 1049})) != 1049 {
		t.Error("ErrorNumber through a join")
	}
	for in, want := range map[string]string{"orders": "`orders`", "a`b": "`a``b`", "": "``"} {
		if got := database.QuoteIdent(in); got != want {
			t.Errorf("QuoteIdent(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestConfig(t *testing.T) {
	env := map[string]string{"DB_HOST": "db", "DB_PORT": "3307", "DB_USER": "u", "DB_PASSWORD": " p w "}
	r := config.New(func(k string) string { return env[k] })
	c := database.ConfigFrom(r, "customers")
	if r.Err() != nil || c.Name != "customers" || c.Password != " p w " {
		t.Fatalf("%+v %v", c, r.Err())
	}
	if c.MaxOpenConns != database.MaxOpenConns {
		t.Errorf("MaxOpenConns %d, want the default %d", c.MaxOpenConns, database.MaxOpenConns)
	}
	mc, err := c.MySQLConfig()
	if err != nil || mc.Addr != "db:3307" || mc.User != "u" || mc.DBName != "customers" || !mc.ParseTime ||
		mc.Loc != time.UTC || mc.Params["time_zone"] != "'+00:00'" || mc.Timeout != 5*time.Second {
		t.Errorf("%+v %v", mc, err)
	}
	// DB_DSN wins, and still gets UTC times.
	c.DSN = "x:y@tcp(other:1)/orders?timeout=2s"
	mc, err = c.MySQLConfig()
	if err != nil || mc.Addr != "other:1" || mc.DBName != "orders" || !mc.ParseTime || mc.Loc != time.UTC || mc.Timeout != 2*time.Second {
		t.Errorf("DSN: %+v %v", mc, err)
	}
	if !mc.InterpolateParams {
		t.Error("placeholders are not interpolated by default")
	}
	c.DSN = "x:y@tcp(other:1)/orders?interpolateParams=false"
	if mc, err = c.MySQLConfig(); err != nil || mc.InterpolateParams {
		t.Errorf("a DSN's interpolateParams=false was overridden: %+v %v", mc, err)
	}
	c.DSN = "not a dsn"
	if _, err := c.MySQLConfig(); err == nil || !strings.Contains(err.Error(), "DB_DSN") {
		t.Errorf("bad DSN: %v", err)
	}
	r = config.New(func(k string) string { return map[string]string{"DB_PORT": "x"}[k] })
	database.ConfigFrom(r, "c")
	if r.Err() == nil {
		t.Error("a bad DB_PORT was accepted")
	}
	r = config.New(func(k string) string { return map[string]string{"DB_MAX_OPEN_CONNS": "8"}[k] })
	if c := database.ConfigFrom(r, "c"); r.Err() != nil || c.MaxOpenConns != 8 {
		t.Errorf("DB_MAX_OPEN_CONNS=8: %d, %v", c.MaxOpenConns, r.Err())
	}
	r = config.New(func(k string) string { return map[string]string{"DB_MAX_OPEN_CONNS": "0"}[k] })
	if database.ConfigFrom(r, "c"); r.Err() == nil {
		t.Error("DB_MAX_OPEN_CONNS=0 was accepted")
	}
}

// TestTimesAreUTC: a DATETIME(3) written and read back is the same instant
// with milliseconds, whatever the server's time zone.
func TestTimesAreUTC(t *testing.T) {
	db := dbtest.New(t, nil)
	db.MustExec(`CREATE TABLE ts (at DATETIME(3) NOT NULL)`)
	at := time.Date(2026, 11, 29, 10, 28, 55, 123_000_000, time.FixedZone("CET", 3600))
	db.MustExec(`INSERT INTO ts VALUES (?)`, at)
	var got time.Time
	if err := db.Get(&got, `SELECT at FROM ts`); err != nil {
		t.Fatal(err)
	}
	if !got.Equal(at) || got.Location() != time.UTC {
		t.Errorf("read %v, wrote %v", got, at)
	}
}
