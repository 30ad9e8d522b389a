package config_test

import (
	"strings"
	"testing"
	"time"

	"github.com/b2b-backoffice/orchestrator/internal/config"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, err := config.Load(env(map[string]string{"SERVICE_TOKEN": "s", "JWT_SECRET": "j"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Port != 3000 || c.CustomersAPI != "http://localhost:3001" || c.OrdersAPI != "http://localhost:3002" ||
		!c.Auth.Required || c.Timeouts.Total != 10*time.Second || c.Timeouts.Attempt != 3*time.Second || c.Timeouts.MaxAttempts != 3 {
		t.Fatalf("defaults %+v", c)
	}
}

func TestAliasesAndOverrides(t *testing.T) {
	c, err := config.Load(env(map[string]string{"SERVICE_TOKEN": "s", "JWT_SECRET": "j",
		"CUSTOMERS_API_URL": "http://c:1", "ORDERS_API_URL": "http://o:2", "ORDERS_API_BASE": "https://o:3",
		"REQUEST_TIMEOUT": "4s", "AUTH_REQUIRED": "false", "PORT": "23100"}))
	if err != nil {
		t.Fatal(err)
	}
	// The _BASE name wins over its _URL alias.
	if c.CustomersAPI != "http://c:1" || c.OrdersAPI != "https://o:3" || c.Timeouts.Total != 4*time.Second || c.Auth.Required || c.Port != 23100 {
		t.Fatalf("config %+v", c)
	}
}

func TestEveryProblemIsReported(t *testing.T) {
	_, err := config.Load(env(map[string]string{"CUSTOMERS_API_BASE": "localhost:3001", "ORDERS_API_BASE": "ftp://x",
		"LOG_LEVEL": "loud", "DOWNSTREAM_MAX_ATTEMPTS": "0"}))
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{"SERVICE_TOKEN", "JWT_SECRET", "CUSTOMERS_API_BASE", "ORDERS_API_BASE", "LOG_LEVEL", "DOWNSTREAM_MAX_ATTEMPTS"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
}
