// Command lambda serves the orchestrator as an AWS Lambda behind an API
// Gateway HTTP API (payload 2.0): the same handler cmd/orchestrator serves,
// through the apigw adapter. Build it with `make lambda` (a `bootstrap`
// binary for the provided.al2023 runtime) and deploy with serverless.yml.
package main

import (
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/b2b-backoffice/orchestrator/internal/apigw"
	"github.com/b2b-backoffice/orchestrator/internal/app"
	"github.com/b2b-backoffice/orchestrator/internal/config"
	"github.com/b2b-backoffice/platform/logging"
)

func main() {
	h, err := handler(os.Getenv, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "orchestrator lambda:", err)
		os.Exit(1)
	}
	lambda.Start(apigw.Handler(h))
}

// handler builds the orchestrator's handler from the environment, once per
// Lambda instance; PORT is not used.
func handler(getenv func(string) string, stdout io.Writer) (http.Handler, error) {
	cfg, err := config.Load(getenv)
	if err != nil {
		return nil, fmt.Errorf("configuration:\n%w", err)
	}
	return app.Handler(cfg, logging.New(stdout, "orchestrator", cfg.LogLevel))
}
