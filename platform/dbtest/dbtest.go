// Package dbtest gives tests a fresh, migrated MySQL/MariaDB database with
// a random name on TEST_MYSQL_DSN, dropped when the test ends.
//
// Without a reachable server the tests are skipped, except with CI=true,
// where a missing database is a failure.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jmoiron/sqlx"

	"github.com/b2b-backoffice/platform/database"
	"github.com/b2b-backoffice/platform/migrate"
)

// DefaultDSN is used when TEST_MYSQL_DSN is unset.
const DefaultDSN = "root@tcp(127.0.0.1:3306)/"

// DB is a test database.
type DB struct {
	*sqlx.DB
	// Name is the database's (random) name.
	Name string
	// Config opens it again (for example to start a service in-process).
	Config *mysql.Config
}

// DSN is the driver DSN of the test database.
func (d *DB) DSN() string { return d.Config.FormatDSN() }

// New creates a database, applies migrations (the .sql files at the root
// of fsys; nil for none) and drops it in t.Cleanup.
func New(t testing.TB, fsys fs.FS) *DB {
	t.Helper()
	db, drop, err := Create(fsys)
	if err != nil {
		Unavailable(t, err)
	}
	t.Cleanup(drop)
	return db
}

// Unavailable skips t because the database is missing, or fails it when
// CI=true.
func Unavailable(t testing.TB, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("test database unavailable (CI=true makes this a failure): %v", err)
	}
	t.Skipf("test database unavailable (set TEST_MYSQL_DSN): %v", err)
}

var unsafeName = regexp.MustCompile(`[^a-z0-9_]`)

// Create makes and migrates a fresh database; drop removes it. It is the
// form to use from TestMain, which has no testing.T.
func Create(fsys fs.FS) (db *DB, drop func(), err error) {
	dsn := os.Getenv("TEST_MYSQL_DSN")
	if dsn == "" {
		dsn = DefaultDSN
	}
	base, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, nil, fmt.Errorf("TEST_MYSQL_DSN: %w", err)
	}
	cfg, err := (database.Config{DSN: base.FormatDSN()}).MySQLConfig()
	if err != nil {
		return nil, nil, err
	}
	server := cfg.Clone()
	server.DBName = ""
	admin, err := sql.Open("mysql", server.FormatDSN())
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		admin.Close()
		return nil, nil, err
	}
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	name := "t_" + unsafeName.ReplaceAllString(strings.ToLower(prog()), "_") + "_" + hex.EncodeToString(rnd[:])
	if len(name) > 64 {
		name = name[len(name)-64:]
	}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+database.QuoteIdent(name)+
		" CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		admin.Close()
		return nil, nil, err
	}
	// dropDB is a local, not the named result: the return below sets drop
	// to closeAndDrop, which would then call itself.
	dropDB := func() {
		dctx, dcancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer dcancel()
		_, _ = admin.ExecContext(dctx, "DROP DATABASE IF EXISTS "+database.QuoteIdent(name))
		admin.Close()
	}
	cfg.DBName = name
	if fsys != nil {
		if err := migrate.Up(cfg, fsys, nil); err != nil {
			dropDB()
			return nil, nil, fmt.Errorf("migrate %s: %w", name, err)
		}
	}
	x, err := database.Open(ctx, cfg.FormatDSN())
	if err != nil {
		dropDB()
		return nil, nil, err
	}
	closeAndDrop := func() { x.Close(); dropDB() }
	return &DB{DB: x, Name: name, Config: cfg}, closeAndDrop, nil
}

// prog names the test binary ("store.test" → "store"), to tell databases
// apart in SHOW DATABASES while a run is in progress.
func prog() string {
	p := os.Args[0]
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		p = p[i+1:]
	}
	p = strings.TrimSuffix(p, ".test")
	if len(p) > 20 {
		p = p[:20]
	}
	return p
}
