package httpapi

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"

	"github.com/b2b-backoffice/orchestrator/internal/checkout"
	"github.com/b2b-backoffice/platform/httpx"
	"github.com/b2b-backoffice/platform/reqctx"
)

// ensureCorrelationID generates a correlation id when httpx.IDs found no
// usable X-Correlation-Id header, and echoes it.
func ensureCorrelationID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if reqctx.CorrelationID(r.Context()) == "" {
			id := httpx.NewID()
			w.Header().Set(reqctx.HeaderCorrelationID, id)
			r = r.WithContext(reqctx.WithCorrelationID(r.Context(), id))
		}
		next.ServeHTTP(w, r)
	})
}

// bodyCorrelationID lets the body's correlation_id win over the header
// (SPEC §5). It reads at most the body limit, puts the bytes back for the
// handler, and ignores a body it cannot read: the handler's decoding
// reports that, in the envelope.
func bodyCorrelationID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil {
			next.ServeHTTP(w, r)
			return
		}
		head, err := io.ReadAll(io.LimitReader(r.Body, httpx.MaxBodyBytes+1))
		r.Body = readCloser{io.MultiReader(bytes.NewReader(head), r.Body), r.Body}
		if err == nil && len(head) <= httpx.MaxBodyBytes {
			var peek struct {
				CorrelationID string `json:"correlation_id"`
			}
			if json.Unmarshal(head, &peek) == nil && peek.CorrelationID != "" &&
				len(peek.CorrelationID) <= 128 && checkout.HeaderSafe(peek.CorrelationID) {
				w.Header().Set(reqctx.HeaderCorrelationID, peek.CorrelationID)
				r = r.WithContext(reqctx.WithCorrelationID(r.Context(), peek.CorrelationID))
			}
		}
		next.ServeHTTP(w, r)
	})
}

type readCloser struct {
	io.Reader
	io.Closer
}
