// Package api is a small typed client for the public HTTP API of the three
// services (SPEC §3–§5): just the calls the benchmark makes, with every
// response reduced to a Result the load loop can count.
package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/b2b-backoffice/platform/httpx"
)

// Config locates the system under test.
type Config struct {
	CustomersURL    string
	OrdersURL       string
	OrchestratorURL string
	// Stage is the Serverless stage prefix of the orchestrator route
	// ("" or "/dev").
	Stage string
	// Token is sent as a bearer token on every call ("" sends none).
	Token string
	// Timeout bounds each request.
	Timeout time.Duration
}

// Client calls the three services.
type Client struct {
	cfg  Config
	http *http.Client
}

// New returns a Client with a keep-alive HTTP client sized for a busy
// caller, so the benchmark measures the services and not its own dialing.
func New(cfg Config) *Client {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	cfg.CustomersURL = strings.TrimRight(cfg.CustomersURL, "/")
	cfg.OrdersURL = strings.TrimRight(cfg.OrdersURL, "/")
	cfg.OrchestratorURL = strings.TrimRight(cfg.OrchestratorURL, "/")
	cfg.Stage = strings.TrimRight(cfg.Stage, "/")
	return &Client{cfg: cfg, http: httpx.NewClient(cfg.Timeout)}
}

// Close releases idle connections.
func (c *Client) Close() { c.http.CloseIdleConnections() }

// Result is what one HTTP call came to.
type Result struct {
	// Status is the HTTP status, or 0 when no response arrived.
	Status int
	// Code is the problem code of an error response ("" on success).
	Code string
	// Replayed is true when the server marked the answer as a replay.
	Replayed bool
	// Err is a transport failure (Status 0) or a 2xx body that could not
	// be decoded (Status kept): both are failures of the system under test.
	Err error
	// Body is an error response's body, kept to explain failures.
	Body []byte
}

// OK reports a 2xx answer that decoded.
func (r Result) OK() bool { return r.Err == nil && r.Status >= 200 && r.Status < 300 }

// Customer is the customers-api resource.
type Customer struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// Product is the orders-api product resource.
type Product struct {
	ID         int64     `json:"id"`
	SKU        string    `json:"sku"`
	Name       string    `json:"name"`
	PriceCents int64     `json:"price_cents"`
	Stock      int64     `json:"stock"`
	CreatedAt  time.Time `json:"created_at"`
}

// Item is an order line as requested.
type Item struct {
	ProductID int64 `json:"product_id"`
	Qty       int64 `json:"qty"`
}

// OrderItem is an order line as stored.
type OrderItem struct {
	ProductID      int64 `json:"product_id"`
	Qty            int64 `json:"qty"`
	UnitPriceCents int64 `json:"unit_price_cents"`
	SubtotalCents  int64 `json:"subtotal_cents"`
}

// Order is the orders-api order resource (and the orchestrator's
// data.order, which carries a subset of its fields).
type Order struct {
	ID         int64       `json:"id"`
	CustomerID int64       `json:"customer_id"`
	Status     string      `json:"status"`
	TotalCents int64       `json:"total_cents"`
	Items      []OrderItem `json:"items"`
}

// OrderRequest is the body of POST /orders.
type OrderRequest struct {
	CustomerID int64  `json:"customer_id"`
	Items      []Item `json:"items"`
}

// FlowRequest is the body of the orchestrator's create-and-confirm call.
type FlowRequest struct {
	CustomerID     int64  `json:"customer_id"`
	Items          []Item `json:"items"`
	IdempotencyKey string `json:"idempotency_key"`
	CorrelationID  string `json:"correlation_id,omitempty"`
}

// OrderPage is one page of GET /orders.
type OrderPage struct {
	Data       []Order `json:"data"`
	NextCursor *string `json:"next_cursor"`
}

// CreateCustomer calls POST /customers.
func (c *Client) CreateCustomer(ctx context.Context, name, email string) (Customer, Result) {
	var out Customer
	res := c.do(ctx, http.MethodPost, c.cfg.CustomersURL+"/customers", nil,
		map[string]string{"name": name, "email": email}, &out)
	return out, res
}

// CreateProduct calls POST /products.
func (c *Client) CreateProduct(ctx context.Context, sku, name string, priceCents, stock int64) (Product, Result) {
	var out Product
	res := c.do(ctx, http.MethodPost, c.cfg.OrdersURL+"/products", nil, map[string]any{
		"sku": sku, "name": name, "price_cents": priceCents, "stock": stock,
	}, &out)
	return out, res
}

// GetProduct calls GET /products/{id}.
func (c *Client) GetProduct(ctx context.Context, id int64) (Product, Result) {
	var out Product
	res := c.do(ctx, http.MethodGet, c.cfg.OrdersURL+"/products/"+strconv.FormatInt(id, 10), nil, nil, &out)
	return out, res
}

// CreateOrder calls POST /orders, with X-Idempotency-Key when key is set.
func (c *Client) CreateOrder(ctx context.Context, key string, req OrderRequest) (Order, Result) {
	var out Order
	res := c.do(ctx, http.MethodPost, c.cfg.OrdersURL+"/orders", idemHeader(key), req, &out)
	return out, res
}

// ConfirmOrder calls POST /orders/{id}/confirm with X-Idempotency-Key.
func (c *Client) ConfirmOrder(ctx context.Context, id int64, key string) (Order, Result) {
	var out Order
	res := c.do(ctx, http.MethodPost, c.cfg.OrdersURL+"/orders/"+strconv.FormatInt(id, 10)+"/confirm",
		idemHeader(key), nil, &out)
	return out, res
}

// GetOrder calls GET /orders/{id}.
func (c *Client) GetOrder(ctx context.Context, id int64) (Order, Result) {
	var out Order
	res := c.do(ctx, http.MethodGet, c.cfg.OrdersURL+"/orders/"+strconv.FormatInt(id, 10), nil, nil, &out)
	return out, res
}

// ListOrders calls GET /orders?from=&limit=100&cursor= (one page).
func (c *Client) ListOrders(ctx context.Context, from time.Time, cursor string) (OrderPage, Result) {
	q := url.Values{"limit": {"100"}}
	if !from.IsZero() {
		q.Set("from", from.UTC().Format("2006-01-02T15:04:05.000Z07:00"))
	}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	var out OrderPage
	res := c.do(ctx, http.MethodGet, c.cfg.OrdersURL+"/orders?"+q.Encode(), nil, nil, &out)
	return out, res
}

// FlowPath is the orchestrator route under the configured stage prefix.
func (c *Client) FlowPath() string {
	return c.cfg.Stage + "/orchestrator/create-and-confirm-order"
}

// CreateAndConfirm calls the orchestrator and returns data.order.
func (c *Client) CreateAndConfirm(ctx context.Context, req FlowRequest) (Order, Result) {
	var out struct {
		Success bool `json:"success"`
		Data    struct {
			Order Order `json:"order"`
		} `json:"data"`
	}
	res := c.do(ctx, http.MethodPost, c.cfg.OrchestratorURL+c.FlowPath(), nil, req, &out)
	if res.OK() && (!out.Success || out.Data.Order.ID <= 0) {
		res.Err = fmt.Errorf("orchestrator answered %d without success and an order id", res.Status)
	}
	return out.Data.Order, res
}

func idemHeader(key string) map[string]string {
	if key == "" {
		return nil
	}
	return map[string]string{"X-Idempotency-Key": key}
}

// maxBody bounds what is read from a response: the API's largest answer
// (a page of 100 orders of up to 100 items) stays well below it.
const maxBody = 16 << 20

func (c *Client) do(ctx context.Context, method, url string, headers map[string]string, body, out any) Result {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return Result{Err: err}
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return Result{Err: err}
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	if c.cfg.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.cfg.Token)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return Result{Err: err}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	res := Result{Status: resp.StatusCode, Replayed: resp.Header.Get("Idempotent-Replayed") == "true"}
	if err != nil {
		// The status line arrived but the body did not: still a transport
		// failure as far as the caller can tell.
		return Result{Err: fmt.Errorf("reading %s %s response: %w", method, url, err)}
	}
	if res.Status < 200 || res.Status >= 300 {
		res.Code = ErrorCode(data)
		res.Body = data
		return res
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			res.Err = fmt.Errorf("%s %s: %d with an undecodable body: %w", method, url, res.Status, err)
			res.Body = data
		}
	}
	return res
}

// ErrorCode extracts the stable code of an error body: a problem document's
// "code" (the services) or the orchestrator's "error.code"; "" when there
// is none.
func ErrorCode(body []byte) string {
	var p struct {
		Code  string `json:"code"`
		Error *struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &p) != nil {
		return ""
	}
	if p.Code != "" {
		return p.Code
	}
	if p.Error != nil {
		return p.Error.Code
	}
	return ""
}

// IsTransport reports whether res got no HTTP response at all.
func (r Result) IsTransport() bool { return r.Status == 0 && r.Err != nil }

// Describe explains a failed result in one line for reports.
func (r Result) Describe() string {
	switch {
	case r.IsTransport():
		return "transport error: " + r.Err.Error()
	case r.Err != nil:
		return r.Err.Error()
	default:
		b := r.Body
		if len(b) > 300 {
			b = b[:300]
		}
		return fmt.Sprintf("%d %s %s", r.Status, r.Code, bytes.TrimSpace(b))
	}
}

// BaseURLs returns the customers, orders and orchestrator base URLs.
func (c *Client) BaseURLs() [3]string {
	return [3]string{c.cfg.CustomersURL, c.cfg.OrdersURL, c.cfg.OrchestratorURL}
}
