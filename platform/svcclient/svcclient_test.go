package svcclient

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/b2b-backoffice/platform/problem"
	"github.com/b2b-backoffice/platform/reqctx"
)

func fast(o Options) Options {
	o.BaseDelay, o.MaxDelay = time.Millisecond, 5*time.Millisecond
	return o
}

func TestRetriesTransientThenSucceeds(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "Bearer tok", r.Header.Get("Authorization"))
		assert.Equal(t, "rid-1", r.Header.Get(reqctx.HeaderRequestID))
		assert.Equal(t, "cid-1", r.Header.Get(reqctx.HeaderCorrelationID))
		if n.Add(1) < 3 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte(`{"id":7}`))
	}))
	defer srv.Close()
	c := New(srv.URL, "tok", fast(Options{MaxAttempts: 3}))
	ctx := reqctx.WithCorrelationID(reqctx.WithRequestID(context.Background(), "rid-1"), "cid-1")
	var out struct{ ID int }
	_, err := c.Do(ctx, Call{Method: http.MethodGet, Path: "/x", Out: &out})
	require.NoError(t, err)
	assert.Equal(t, 7, out.ID)
	assert.EqualValues(t, 3, n.Load())
}

func TestBusinessErrorIsNotRetried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		problem.Write(w, problem.New(problem.CustomerNotFound, "nope"), "")
	}))
	defer srv.Close()
	_, err := New(srv.URL, "", fast(Options{})).Do(context.Background(), Call{Method: http.MethodGet, Path: "/c/1"})
	var se *StatusError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, http.StatusNotFound, se.Status)
	assert.Equal(t, problem.CustomerNotFound, se.Code())
	assert.EqualValues(t, 1, n.Load())
}

func TestPostWithoutKeyIsNotRetriedOn502(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer srv.Close()
	c := New(srv.URL, "", fast(Options{MaxAttempts: 4}))
	_, err := c.Do(context.Background(), Call{Method: http.MethodPost, Path: "/orders", Body: map[string]int{"a": 1}})
	require.Error(t, err)
	assert.EqualValues(t, 1, n.Load(), "a POST without an idempotency key may have had an effect")
	_, err = c.Do(context.Background(), Call{Method: http.MethodPost, Path: "/orders", Body: map[string]int{"a": 1},
		Header: http.Header{"X-Idempotency-Key": {"k"}}})
	require.Error(t, err)
	assert.EqualValues(t, 5, n.Load(), "with a key it is retried")
}

func TestHangingServiceTimesOutAs504(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c := New(srv.URL, "", fast(Options{AttemptTimeout: 50 * time.Millisecond, MaxAttempts: 3}))
	ctx, cancel := context.WithTimeout(context.Background(), 400*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Do(ctx, Call{Method: http.MethodGet, Path: "/slow"})
	assert.Less(t, time.Since(start), 400*time.Millisecond)
	assert.Equal(t, problem.UpstreamTimeout, problem.CodeOf(err))
}

func TestRefusedConnectionIs502(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	_, err := New(url, "", fast(Options{MaxAttempts: 2})).Do(context.Background(), Call{Method: http.MethodPost, Path: "/x"})
	assert.Equal(t, problem.UpstreamUnavailable, problem.CodeOf(err))
	var u *Unreachable
	assert.True(t, errors.As(err, &u))
}

func TestRetryCodesRetryOnlyReplaySafeCalls(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			problem.Write(w, problem.New(problem.IdempotencyInProgress, "busy"), "")
			return
		}
		w.Write([]byte(`{"id":9}`))
	}))
	defer srv.Close()
	c := New(srv.URL, "", fast(Options{RetryCodes: []problem.Code{problem.IdempotencyInProgress}}))

	// With a key the 409 is retried and the replayed answer returned.
	var out struct{ ID int }
	_, err := c.Do(context.Background(), Call{Method: http.MethodPost, Path: "/o",
		Header: http.Header{"X-Idempotency-Key": {"k"}}, Out: &out})
	require.NoError(t, err)
	assert.Equal(t, 9, out.ID)
	assert.EqualValues(t, 2, n.Load())

	// Without one, a POST is never sent twice.
	n.Store(0)
	_, err = c.Do(context.Background(), Call{Method: http.MethodPost, Path: "/o"})
	var se *StatusError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, problem.IdempotencyInProgress, se.Code())
	assert.EqualValues(t, 1, n.Load())

	// A client without RetryCodes keeps the old behaviour: 409 is final.
	n.Store(0)
	_, err = New(srv.URL, "", fast(Options{})).Do(context.Background(), Call{Method: http.MethodGet, Path: "/o"})
	require.ErrorAs(t, err, &se)
	assert.EqualValues(t, 1, n.Load())
}
