package logging_test

import (
	"log/slog"
	"strings"
	"testing"

	"github.com/b2b-backoffice/platform/config"
	"github.com/b2b-backoffice/platform/logging"
)

func TestLevelFrom(t *testing.T) {
	for env, want := range map[string]slog.Level{"": slog.LevelInfo, "debug": slog.LevelDebug, "WARN": slog.LevelWarn} {
		r := config.New(func(string) string { return env })
		if got := logging.LevelFrom(r); got != want || r.Err() != nil {
			t.Errorf("LOG_LEVEL=%q: %v, %v; want %v", env, got, r.Err(), want)
		}
	}
	r := config.New(func(k string) string { return map[string]string{"LOG_LEVEL": "loud"}[k] })
	if got := logging.LevelFrom(r); got != slog.LevelInfo || r.Err() == nil || !strings.Contains(r.Err().Error(), `LOG_LEVEL="loud"`) {
		t.Errorf("LOG_LEVEL=loud: %v, %v; want info and an error naming it", got, r.Err())
	}
}
