package reqctx_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/b2b-backoffice/platform/reqctx"
)

func TestContextAndPropagate(t *testing.T) {
	ctx := context.Background()
	if reqctx.RequestID(ctx) != "" || reqctx.CorrelationID(ctx) != "" {
		t.Error("ids in an empty context")
	}
	if _, ok := reqctx.CallerFrom(ctx); ok {
		t.Error("caller in an empty context")
	}
	h := http.Header{}
	reqctx.Propagate(ctx, h)
	if len(h) != 0 {
		t.Errorf("propagated %v from an empty context", h)
	}
	ctx = reqctx.WithRequestID(ctx, "rid")
	ctx = reqctx.WithCorrelationID(ctx, "cid")
	ctx = reqctx.WithCaller(ctx, reqctx.Caller{Kind: "operator", Subject: "alice"})
	reqctx.Propagate(ctx, h)
	if h.Get("X-Request-Id") != "rid" || h.Get("X-Correlation-Id") != "cid" {
		t.Errorf("headers %v", h)
	}
	if c, ok := reqctx.CallerFrom(ctx); !ok || c.ID() != "operator:alice" {
		t.Errorf("caller %+v", c)
	}
}
