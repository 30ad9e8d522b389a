// Package customers is orders-api's client of customers-api: it tells
// whether a customer exists before an order is placed.
package customers

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/b2b-backoffice/platform/problem"
	"github.com/b2b-backoffice/platform/svcclient"
)

// Client looks customers up through GET /internal/customers/{id}.
type Client struct {
	c        *svcclient.Client
	deadline time.Duration
}

// Options tune a Client; zero values take the defaults.
type Options struct {
	// Deadline bounds one lookup, retries included (default 5s).
	Deadline time.Duration
	// Call tunes the underlying calls (default: 2s per attempt, 3 attempts).
	Call svcclient.Options
}

// New returns a client of the customers-api at base, calling with the
// service token.
func New(base, serviceToken string, o Options) *Client {
	if o.Deadline <= 0 {
		o.Deadline = 5 * time.Second
	}
	if o.Call.AttemptTimeout <= 0 {
		o.Call.AttemptTimeout = 2 * time.Second
	}
	return &Client{c: svcclient.New(base, serviceToken, o.Call), deadline: o.Deadline}
}

// ErrNotFound is the answer for an unknown or deleted customer.
var ErrNotFound = problem.New(problem.CustomerNotFound, "customer not found")

// Check returns nil when customer id exists, ErrNotFound when it does not,
// and upstream_unavailable (502) or upstream_timeout (504) when
// customers-api cannot tell.
func (c *Client) Check(ctx context.Context, id int64) error {
	ctx, cancel := context.WithTimeout(ctx, c.deadline)
	defer cancel()
	_, err := c.c.Do(ctx, svcclient.Call{Method: http.MethodGet, Path: "/internal/customers/" + strconv.FormatInt(id, 10)})
	if err == nil {
		return nil
	}
	var se *svcclient.StatusError
	if errors.As(err, &se) {
		if se.Status == http.StatusNotFound {
			return problem.Newf(problem.CustomerNotFound, "customer %d not found", id)
		}
		// Anything else (a rejected token, a 5xx after retries) is
		// customers-api failing us, not the client's fault.
		return &upstreamError{problem.New(problem.UpstreamUnavailable, "customers-api could not check the customer"), se}
	}
	return err // svcclient.Unreachable: 502 or 504
}

// upstreamError answers with its problem and keeps the cause for the log.
type upstreamError struct {
	p     *problem.Error
	cause error
}

func (e *upstreamError) Error() string { return e.p.Error() + ": " + e.cause.Error() }
func (e *upstreamError) Unwrap() error { return e.p }
