package httpx

import (
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/google/uuid"

	"github.com/b2b-backoffice/platform/problem"
	"github.com/b2b-backoffice/platform/reqctx"
)

// maxIDLen bounds client-supplied request and correlation ids.
const maxIDLen = 128

// validID reports whether a client-supplied id may be echoed and logged:
// short, printable ASCII, no spaces (no header or log injection).
func validID(s string) bool {
	if s == "" || len(s) > maxIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c > '~' || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// NewID returns a fresh random id.
func NewID() string { return uuid.NewString() }

// IDs takes X-Request-Id (or generates one) and X-Correlation-Id from the
// request, stores them in the context and echoes them on the response.
func IDs(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		rid := r.Header.Get(reqctx.HeaderRequestID)
		if !validID(rid) {
			rid = NewID()
		}
		ctx = reqctx.WithRequestID(ctx, rid)
		w.Header().Set(reqctx.HeaderRequestID, rid)
		if cid := r.Header.Get(reqctx.HeaderCorrelationID); validID(cid) {
			ctx = reqctx.WithCorrelationID(ctx, cid)
			w.Header().Set(reqctx.HeaderCorrelationID, cid)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// statusRecorder remembers the status and size of a response.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// AccessLog logs one line per request (never its headers, so never a
// token) and turns a panic into a masked 500.
func AccessLog(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			rec := &statusRecorder{ResponseWriter: w}
			defer func() {
				if p := recover(); p != nil {
					if p == http.ErrAbortHandler {
						panic(p)
					}
					log.ErrorContext(r.Context(), "panic", "panic", p, "stack", string(debug.Stack()))
					if rec.status == 0 {
						problem.Write(rec, problem.New(problem.Internal, "an internal error occurred; quote the request id when reporting it"),
							reqctx.RequestID(r.Context()))
					}
				}
				level := slog.LevelInfo
				if rec.status >= 500 {
					level = slog.LevelError
				}
				if r.URL.Path == "/health" || r.URL.Path == "/ready" {
					level = slog.LevelDebug
				}
				log.Log(r.Context(), level, "request",
					"method", r.Method, "path", r.URL.Path, "status", rec.status,
					"bytes", rec.bytes, "duration_ms", float64(time.Since(start).Microseconds())/1000)
			}()
			next.ServeHTTP(rec, r)
		})
	}
}
