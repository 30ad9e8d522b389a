#!/usr/bin/env bash
# make token: a 1-hour operator JWT signed with JWT_SECRET, read like make
# run reads it (environment, else .env, else .env.example). SUB names the
# operator.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
load_env
cd "$ROOT/platform"
GOWORK=off exec go run ./cmd/token -sub "${SUB:-operator}" "$@"
