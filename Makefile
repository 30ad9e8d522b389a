# The front door. `make help` lists the targets.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

MODULES  := platform customers-api orders-api orchestrator deploy bench
SERVICES := customers-api orders-api orchestrator
GO       ?= go
# Each module builds and tests on its own, as it would outside the workspace.
GOTEST   := GOWORK=off $(GO) test
TESTFLAGS ?= -race -count=1 -timeout 20m

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sort | \
	  awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

.PHONY: build
build: ## build bin/customers-api, bin/orders-api, bin/orchestrator
	@mkdir -p bin
	@for s in $(SERVICES); do \
	  echo "go build -o bin/$$s ./$$s/cmd/$$s"; \
	  (cd $$s && GOWORK=off CGO_ENABLED=0 $(GO) build -trimpath -o ../bin/$$s ./cmd/$$s); \
	done

.PHONY: lambda
lambda: ## build the orchestrator Lambda: bin/lambda/bootstrap (linux/arm64, provided.al2023) and bootstrap.zip
	@mkdir -p bin/lambda
	cd orchestrator && GOWORK=off GOOS=linux GOARCH=arm64 CGO_ENABLED=0 $(GO) build -trimpath -tags lambda.norpc -o ../bin/lambda/bootstrap ./cmd/lambda
	@if command -v zip >/dev/null; then rm -f bin/lambda/bootstrap.zip; (cd bin/lambda && zip -q -X bootstrap.zip bootstrap) && echo "bin/lambda/bootstrap.zip"; \
	  else echo "zip not found: bin/lambda/bootstrap built, not zipped (serverless.yml packages the zip)"; fi

.PHONY: test
test: ## run every module's tests (needs MariaDB/MySQL at TEST_MYSQL_DSN)
	@fail=0; for m in $(MODULES); do \
	  echo "== $$m"; \
	  (cd $$m && $(GOTEST) $(TESTFLAGS) ./...) || fail=1; \
	done; exit $$fail

.PHONY: lint
lint: ## gofmt check and go vet on every module
	@out=$$(gofmt -l $(MODULES)); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	@for m in $(MODULES); do (cd $$m && GOWORK=off $(GO) vet ./...); done
	@echo "lint ok"

.PHONY: fmt
fmt: ## gofmt every module
	gofmt -w $(MODULES)

.PHONY: fuzz
fuzz: ## run each fuzz target for FUZZTIME (default 10s)
	@for m in $(MODULES); do (cd $$m && \
	  for pkg in $$(GOWORK=off $(GO) list ./...); do \
	    for f in $$(GOWORK=off $(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	      echo "== $$pkg $$f"; GOWORK=off $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $${FUZZTIME:-10s} $$pkg; \
	    done; \
	  done); done

.PHONY: token
token: ## print a 1-hour operator JWT signed with JWT_SECRET (from the environment, .env or .env.example)
	@scripts/token.sh

# --- running the system (scripts/; see README "What make run does") ---

.PHONY: run
run: ## the whole system: database, schemas, migrations, seed, the three services; Ctrl-C stops it
	@scripts/run.sh

.PHONY: run-bg
run-bg: ## make run in the background (log in .data/run.log); returns once ready; make stop ends it
	@scripts/run.sh --detach

.PHONY: stop
stop: ## stop a make run-bg (services, then the private database it started)
	@scripts/stop.sh

.PHONY: seed
seed: ## load db/seed.sql into the running database (idempotent)
	@scripts/db.sh seed

.PHONY: migrate
migrate: ## create schemas and users (db/init), then apply both services' migrations
	@scripts/db.sh migrate

.PHONY: smoke
smoke: ## check the README's flow with curl against a running system (make run / run-bg)
	@scripts/smoke.sh

.PHONY: schema
schema: ## regenerate db/schema.sql from the migrations (needs MariaDB/MySQL at TEST_MYSQL_DSN)
	@cd deploy && GOWORK=off $(GO) test -count=1 -run '^TestSchemaMatchesMigrations$$' . -update

.PHONY: compose-check
compose-check: ## validate docker-compose.yml (Go loader test; docker compose config when available)
	@cd deploy && GOWORK=off $(GO) test -count=1 -run '^TestCompose' .
	@if docker compose version >/dev/null 2>&1; then \
	  [ -f .env ] || cp .env.example .env.compose-check; \
	  docker compose --env-file $$( [ -f .env ] && echo .env || echo .env.compose-check ) config -q && echo "docker compose config ok"; \
	  rm -f .env.compose-check; \
	else echo "docker compose is not installed here: checked with the Go loader only"; fi

# --- load benchmark (bench/; see bench/README.md) ---

# The services' token from .env (else .env.example), as make run uses it.
BENCH_ENV   := set -a; if [ -f .env ]; then . ./.env; else . ./.env.example; fi; set +a
BENCH_FLAGS ?=

.PHONY: bench
bench: ## every load scenario and its raw floor against a running system (make run-bg); results in bench/results/
	@$(BENCH_ENV); cd bench && GOWORK=off $(GO) run ./cmd/bench -out results $(BENCH_FLAGS)

.PHONY: bench-smoke
bench-smoke: ## each scenario for a few seconds at low concurrency; fails only on a violated invariant
	@$(BENCH_ENV); cd bench && GOWORK=off $(GO) run ./cmd/bench -out= -duration 2s -warmup 500ms \
	  -concurrency 4 -sweep 1,4 -hot-stock 150 -read-orders 10 $(BENCH_FLAGS)

MICROBENCH ?= .
.PHONY: microbench
microbench: ## go test -bench (with -benchmem) of the services' request decode/validate/encode paths; MICROBENCH=regexp
	@for m in $(SERVICES) platform; do (cd $$m && \
	  pkgs=$$(grep -l '^func Benchmark' $$(find . -name '*_test.go') 2>/dev/null | xargs -r -n1 dirname | sort -u); \
	  [ -z "$$pkgs" ] || GOWORK=off $(GO) test -run '^$$' -bench '$(MICROBENCH)' -benchmem $$pkgs); done

.PHONY: tidy
tidy: ## go mod tidy in every module
	@for m in $(MODULES); do (cd $$m && GOWORK=off $(GO) mod tidy); done
