// Package customers is the orchestrator's typed client of customers-api.
package customers

import (
	"context"
	"net/http"
	"strconv"

	"github.com/b2b-backoffice/platform/svcclient"
)

// Customer is what the orchestrator needs of a customer.
type Customer struct {
	ID    int64   `json:"id"`
	Name  string  `json:"name"`
	Email string  `json:"email"`
	Phone *string `json:"phone"`
}

// Client calls customers-api with the service token.
type Client struct{ c *svcclient.Client }

// New returns a client of the customers-api at base.
func New(base, serviceToken string, opt svcclient.Options) *Client {
	return &Client{c: svcclient.New(base, serviceToken, opt)}
}

// Get returns a live customer through the service-only route. Errors are
// svcclient's: a *svcclient.StatusError (404 customer_not_found, say) or a
// *svcclient.Unreachable (502/504).
func (c *Client) Get(ctx context.Context, id int64) (Customer, error) {
	var out Customer
	_, err := c.c.Do(ctx, svcclient.Call{
		Method: http.MethodGet,
		Path:   "/internal/customers/" + strconv.FormatInt(id, 10),
		Out:    &out,
	})
	return out, err
}
