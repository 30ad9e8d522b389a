// Package migrate applies a service's embedded golang-migrate migrations.
package migrate

import (
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/go-sql-driver/mysql"
	"github.com/golang-migrate/migrate/v4"
	migratemysql "github.com/golang-migrate/migrate/v4/database/mysql"
	"github.com/golang-migrate/migrate/v4/source/iofs"
)

// open builds a migrator over the .sql files at the root of fsys, on a
// dedicated connection that allows multi-statement files.
func open(mc *mysql.Config, fsys fs.FS) (*migrate.Migrate, error) {
	src, err := iofs.New(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	c := mc.Clone()
	c.MultiStatements = true
	connector, err := mysql.NewConnector(c)
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(connector)
	drv, err := migratemysql.WithInstance(db, &migratemysql.Config{})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("migrations: %w", err)
	}
	m, err := migrate.NewWithInstance("iofs", src, "mysql", drv)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return m, nil
}

func closeM(m *migrate.Migrate, err error) error {
	srcErr, dbErr := m.Close()
	return errors.Join(err, srcErr, dbErr)
}

// Up applies every pending migration.
func Up(mc *mysql.Config, fsys fs.FS, log *slog.Logger) error {
	m, err := open(mc, fsys)
	if err != nil {
		return err
	}
	err = m.Up()
	if errors.Is(err, migrate.ErrNoChange) {
		err = nil
	}
	if err == nil && log != nil {
		v, dirty, _ := m.Version()
		log.Info("migrations applied", "version", v, "dirty", dirty)
	}
	return closeM(m, err)
}

// Down rolls back one migration.
func Down(mc *mysql.Config, fsys fs.FS) error {
	m, err := open(mc, fsys)
	if err != nil {
		return err
	}
	return closeM(m, m.Steps(-1))
}

// Version reports the applied version (0 when none) and whether it is dirty.
func Version(mc *mysql.Config, fsys fs.FS) (uint, bool, error) {
	m, err := open(mc, fsys)
	if err != nil {
		return 0, false, err
	}
	v, dirty, err := m.Version()
	if errors.Is(err, migrate.ErrNilVersion) {
		v, dirty, err = 0, false, nil
	}
	return v, dirty, closeM(m, err)
}
