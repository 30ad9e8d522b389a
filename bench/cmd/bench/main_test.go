package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestHelpAndBadFlags(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"-h"}, func(string) string { return "" }, &out, &errOut); err != nil {
		t.Fatalf("-h: %v", err)
	}
	if !strings.Contains(errOut.String(), "-orchestrator-url") {
		t.Fatalf("usage lacks the flags: %q", errOut.String())
	}
	if err := run(context.Background(), []string{"-concurrency", "0"}, func(string) string { return "" }, &out, &errOut); err == nil {
		t.Fatal("a bad flag was accepted")
	}
}

func TestUnreachableSystemFailsTheRun(t *testing.T) {
	var out, errOut bytes.Buffer
	args := strings.Fields("-scenarios read -orders-url http://127.0.0.1:1 -customers-url http://127.0.0.1:1 " +
		"-orchestrator-url http://127.0.0.1:1 -timeout 1s -out= -duration 100ms -warmup 0s")
	err := run(context.Background(), args, func(string) string { return "" }, &out, &errOut)
	if err != errFailed {
		t.Fatalf("err %v, want errFailed", err)
	}
	if !strings.Contains(out.String(), "### Failures") || !strings.Contains(out.String(), "POST /customers") {
		t.Fatalf("report does not explain the failure:\n%s", out.String())
	}
}

func TestProgressOnlyOnATerminal(t *testing.T) {
	var b bytes.Buffer
	if progressWriter("auto", &b) != nil {
		t.Error("auto showed a bar on a buffer")
	}
	if progressWriter("on", &b) == nil || progressWriter("off", &b) != nil {
		t.Error("on/off not honoured")
	}
}
