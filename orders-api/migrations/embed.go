// Package migrations holds orders-api's schema migrations, embedded in the
// binary and applied at start.
package migrations

import "embed"

// FS holds the golang-migrate .sql files.
//
//go:embed *.sql
var FS embed.FS
