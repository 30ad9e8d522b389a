package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/b2b-backoffice/orchestrator/internal/apigw"
	"github.com/b2b-backoffice/orchestrator/internal/customers"
	"github.com/b2b-backoffice/orchestrator/internal/fakes"
	"github.com/b2b-backoffice/platform/auth"
)

// v2Event is an API Gateway HTTP API event as the Lambda receives it, with
// the stage prefix in rawPath and the body base64-encoded.
const v2Event = `{
  "version": "2.0",
  "routeKey": "POST /dev/orchestrator/create-and-confirm-order",
  "rawPath": "/dev/orchestrator/create-and-confirm-order",
  "rawQueryString": "",
  "headers": {
    "authorization": "Bearer %TOKEN%",
    "content-type": "application/json",
    "host": "abc123.execute-api.us-east-1.amazonaws.com",
    "x-correlation-id": "hdr-ignored"
  },
  "requestContext": {
    "accountId": "123456789012",
    "apiId": "abc123",
    "domainName": "abc123.execute-api.us-east-1.amazonaws.com",
    "http": {"method": "POST", "path": "/dev/orchestrator/create-and-confirm-order", "protocol": "HTTP/1.1", "sourceIp": "203.0.113.7", "userAgent": "curl/8"},
    "requestId": "JKJaXmPLvHcESHA=",
    "routeKey": "POST /dev/orchestrator/create-and-confirm-order",
    "stage": "dev",
    "time": "29/Nov/2026:10:28:55 +0000",
    "timeEpoch": 1795861735123
  },
  "body": "%BODY%",
  "isBase64Encoded": true
}`

func TestLambdaServesCreateAndConfirm(t *testing.T) {
	const token, secret = "svc-token", "test-jwt-secret-0123456789abcdef0123"
	cs, os := fakes.NewCustomers(t, token), fakes.NewOrders(t, token)
	cs.Add(customers.Customer{ID: 1, Name: "ACME", Email: "ops@acme.com"})
	os.AddProduct(2, 129900, 50)
	env := map[string]string{"SERVICE_TOKEN": token, "JWT_SECRET": secret,
		"CUSTOMERS_API_URL": cs.URL, "ORDERS_API_URL": os.URL, "LOG_LEVEL": "debug"}
	h, err := handler(func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	jwt, err := auth.Mint(secret, "alice", "", "", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	body := `{"customer_id":1,"items":[{"product_id":2,"qty":3}],"idempotency_key":"abc-123","correlation_id":"req-789"}`
	raw := strings.NewReplacer("%TOKEN%", jwt, "%BODY%", base64.StdEncoding.EncodeToString([]byte(body))).Replace(v2Event)
	var ev events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal([]byte(raw), &ev); err != nil {
		t.Fatal(err)
	}

	res, err := apigw.Handler(h)(context.Background(), ev)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 201 || res.IsBase64Encoded {
		t.Fatalf("status %d: %s", res.StatusCode, res.Body)
	}
	var out struct {
		Success       bool   `json:"success"`
		CorrelationID string `json:"correlationId"`
		Data          struct {
			Customer struct{ Name string } `json:"customer"`
			Order    struct {
				ID         int64  `json:"id"`
				Status     string `json:"status"`
				TotalCents int64  `json:"total_cents"`
			} `json:"order"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(res.Body), &out); err != nil {
		t.Fatal(err)
	}
	if !out.Success || out.CorrelationID != "req-789" || out.Data.Customer.Name != "ACME" ||
		out.Data.Order.Status != "CONFIRMED" || out.Data.Order.TotalCents != 3*129900 {
		t.Fatalf("body %s", res.Body)
	}
	if res.Headers["X-Correlation-Id"] != "req-789" || res.Headers["X-Request-Id"] != "JKJaXmPLvHcESHA=" ||
		res.Headers["Content-Type"] != "application/json" {
		t.Fatalf("headers %v", res.Headers)
	}
	if os.Stock(2) != 47 {
		t.Fatalf("stock %d, want 47", os.Stock(2))
	}
}

func TestLambdaRefusesAnUnusableConfig(t *testing.T) {
	if _, err := handler(func(string) string { return "" }, io.Discard); err == nil || !strings.Contains(err.Error(), "SERVICE_TOKEN") {
		t.Fatalf("err %v, want the missing secrets named", err)
	}
}
