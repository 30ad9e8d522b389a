package server

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
)

func TestExitCodeAndMessage(t *testing.T) {
	var gotArgs []string
	var gotEnv string
	run := func(fail bool) RunFunc {
		return func(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
			gotArgs, gotEnv = args, getenv("K")
			_, _ = io.WriteString(stdout, "log line\n")
			if fail {
				return errors.New("configuration:\nPORT bad")
			}
			return nil
		}
	}
	var stdout, stderr bytes.Buffer
	getenv := func(k string) string { return map[string]string{"K": "v"}[k] }
	if code := exit(context.Background(), "svc", run(false), []string{"migrate", "up"}, getenv, &stdout, &stderr); code != 0 || stderr.Len() != 0 {
		t.Errorf("clean run: exit %d, stderr %q", code, stderr.String())
	}
	if len(gotArgs) != 2 || gotArgs[0] != "migrate" || gotEnv != "v" || stdout.String() != "log line\n" {
		t.Errorf("run got args %q, K=%q, wrote %q", gotArgs, gotEnv, stdout.String())
	}
	if code := exit(context.Background(), "svc", run(true), nil, getenv, &stdout, &stderr); code != 1 || stderr.String() != "svc: configuration:\nPORT bad\n" {
		t.Errorf("failed run: exit %d, stderr %q", code, stderr.String())
	}
}
