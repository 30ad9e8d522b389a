package logging

import (
	"fmt"
	"log/slog"

	"github.com/b2b-backoffice/platform/config"
)

// LevelFrom reads LOG_LEVEL (debug, info, warn or error; info when unset),
// recording a bad value in r so the service reports it with the rest.
func LevelFrom(r *config.Reader) slog.Level {
	lvl, ok := ParseLevel(r.Lookup("LOG_LEVEL"))
	if !ok {
		r.Fail(fmt.Errorf("LOG_LEVEL=%q must be debug, info, warn or error", r.Lookup("LOG_LEVEL")))
	}
	return lvl
}
