package logging_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/b2b-backoffice/platform/logging"
	"github.com/b2b-backoffice/platform/reqctx"
)

func TestParseLevel(t *testing.T) {
	cases := map[string]slog.Level{"": slog.LevelInfo, "debug": slog.LevelDebug, " INFO ": slog.LevelInfo,
		"warn": slog.LevelWarn, "warning": slog.LevelWarn, "Error": slog.LevelError}
	for in, want := range cases {
		if got, ok := logging.ParseLevel(in); !ok || got != want {
			t.Errorf("ParseLevel(%q) = %v, %v", in, got, ok)
		}
	}
	if _, ok := logging.ParseLevel("loud"); ok {
		t.Error("loud accepted")
	}
}

func TestRecordsCarryIDs(t *testing.T) {
	var buf bytes.Buffer
	log := logging.New(&buf, "svc", slog.LevelInfo).With("k", "v")
	ctx := reqctx.WithCorrelationID(reqctx.WithRequestID(context.Background(), "rid"), "cid")
	log.InfoContext(ctx, "hello", "n", 1)
	log.DebugContext(ctx, "hidden")
	var m map[string]any
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		t.Fatalf("%q: %v", buf.String(), err)
	}
	if m["service"] != "svc" || m["msg"] != "hello" || m["k"] != "v" || m["request_id"] != "rid" || m["correlation_id"] != "cid" {
		t.Errorf("record %v", m)
	}
	buf.Reset()
	logging.New(&buf, "svc", slog.LevelInfo).Info("no ids")
	if bytes.Contains(buf.Bytes(), []byte("request_id")) {
		t.Errorf("ids without a request: %s", buf.String())
	}
}
