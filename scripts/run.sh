#!/usr/bin/env bash
# make run: the whole system on this machine (SPEC §8). A database (the
# configured one, else a private instance), schemas and users, the three
# services (each migrates its schema at start), the demo seed; it waits until
# every service is ready, prints the URLs and a curl of the brief's example,
# and stops everything on Ctrl-C. A service that dies takes the run down
# with a non-zero exit, so a crash is never hidden.
#
#   scripts/run.sh            in the foreground (make run)
#   scripts/run.sh --detach   in the background, returns once ready (make run-bg;
#                             logs in .data/run.log; make stop ends it)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/db.sh"

mkdir -p "$DATA"
RUNPID="$DATA/run.pid"
READY="$DATA/run.ready"

if [ "${1:-}" = --detach ]; then
  if [ -f "$RUNPID" ] && kill -0 "$(cat "$RUNPID")" 2>/dev/null; then
    die "a detached make run is already running (pid $(cat "$RUNPID")); make stop ends it"
  fi
  rm -f "$READY"
  RUN_DETACHED=1 setsid "$0" </dev/null >"$DATA/run.log" 2>&1 &
  echo $! >"$RUNPID"
  say "started in the background (pid $!, log .data/run.log); waiting until ready"
  for _ in $(seq 1 600); do
    [ -f "$READY" ] && { sed -n '/^System ready/,$p' "$DATA/run.log"; exit 0; }
    kill -0 "$(cat "$RUNPID")" 2>/dev/null || { tail -40 "$DATA/run.log" >&2; rm -f "$RUNPID"; die "make run failed (log above, in .data/run.log)"; }
    sleep 0.5
  done
  tail -40 "$DATA/run.log" >&2
  die "not ready after 300s; make stop ends it"
fi

load_env
say "configuration from ${ENV_FILE#"$ROOT"/}$([ -f "$ROOT/.env" ] || echo ' (copy it to .env to change it)')"
for v in SERVICE_TOKEN JWT_SECRET; do
  [ -n "${!v:-}" ] || die "$v is not set (see .env.example)"
done

declare -A PORT_OF=(
  [customers-api]=$(port_of "$CUSTOMERS_API_BASE")
  [orders-api]=$(port_of "$ORDERS_API_BASE")
  [orchestrator]=$(port_of "$ORCHESTRATOR_BASE")
)
for s in "${SERVICES[@]}"; do
  port_open 127.0.0.1 "${PORT_OF[$s]}" &&
    die "port ${PORT_OF[$s]} ($s) is already in use: is another make run going? (make stop ends a detached one)"
done

declare -A PID_OF=()
STOPPING=0

# stop_all stops the services (SIGTERM: they drain and exit), then the
# private database if this run started it. Safe to call twice.
stop_all() {
  [ "$STOPPING" = 1 ] && return 0
  STOPPING=1
  # A closed stdout (a pager or tee that the Ctrl-C ended) must not kill
  # the cleanup half-way and leave the private database running.
  trap '' PIPE
  rm -f "$READY"
  [ -z "${RUN_DETACHED:-}" ] || rm -f "$RUNPID"
  local s pid _
  for s in "${!PID_OF[@]}"; do kill -TERM "${PID_OF[$s]}" 2>/dev/null || true; done
  for _ in $(seq 1 60); do
    local alive=0
    for pid in "${PID_OF[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.25
  done
  for s in "${!PID_OF[@]}"; do
    kill -0 "${PID_OF[$s]}" 2>/dev/null && { warn "$s did not stop within 15s; killing it"; kill -KILL "${PID_OF[$s]}" 2>/dev/null || true; }
  done
  stop_private
}
# SIGPIPE is ignored first: when `make run | tee log` is stopped with
# Ctrl-C, tee dies too, and the first message written to it would
# otherwise kill this script before it stopped anything.
trap 'trap "" PIPE; echo >&2 || true; say "stopping"; stop_all; say "stopped"; exit 0' INT TERM
trap 'stop_all' EXIT

say "building the services"
make -s -C "$ROOT" --no-print-directory build >&2
(cd "$ROOT/platform" && GOWORK=off CGO_ENABLED=0 go build -o "$ROOT/bin/token" ./cmd/token)

choose_db
init_db

# pprof_env prints the PPROF_ADDR of service $1 when PPROF_ADDR=host:port
# is set: that port for the orchestrator, +1 customers-api, +2 orders-api
# (like 3000/3001/3002), since the three cannot share one listener.
pprof_env() {
  [ -n "${PPROF_ADDR:-}" ] || { echo "PPROF_ADDR="; return; }
  local off=0
  case $1 in customers-api) off=1 ;; orders-api) off=2 ;; esac
  echo "PPROF_ADDR=${PPROF_ADDR%:*}:$(( ${PPROF_ADDR##*:} + off ))"
}

# On a machine of one or two CPUs the three services share them with the
# database: one P per service (GOMAXPROCS=1) spares the Go schedulers the
# cross-CPU wake-ups and spinning that otherwise compete with MariaDB
# (measured: flow at concurrency 16 +17% ops/s, p99 -30%; bench/README.md).
# An explicit GOMAXPROCS wins; larger machines keep Go's default.
if [ -z "${GOMAXPROCS:-}" ] && [ "$(nproc 2>/dev/null || echo 4)" -le 2 ]; then
  export GOMAXPROCS=1
  say "GOMAXPROCS=1 for the services (a $(nproc)-CPU machine shared with the database)"
fi

# start launches a service with its log lines prefixed by its name.
start() {
  local s=$1 env=()
  mapfile -t env < <(service_db_env "$s"; pprof_env "$s")
  env "${env[@]}" PORT="${PORT_OF[$s]}" "$ROOT/bin/$s" \
    > >(trap '' INT; exec awk -v p="$(printf '%-14s|' "$s")" '{ print p, $0; fflush() }') 2>&1 &
  PID_OF[$s]=$!
}

# died reports a service that is no longer running, and ends the run.
died() {
  local s=$1 code=0
  wait "${PID_OF[$s]}" 2>/dev/null || code=$?
  unset "PID_OF[$s]"
  warn "$s exited (status $code) — see its log lines above; stopping the others"
  stop_all
  exit 1
}

# wait_ready polls /ready (or /health for a service that has no /ready yet)
# until it answers 200, for at most 120s.
wait_ready() {
  local s=$1 url="http://127.0.0.1:${PORT_OF[$1]}" code _
  for _ in $(seq 1 240); do
    kill -0 "${PID_OF[$s]}" 2>/dev/null || died "$s"
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url/ready" || true)
    if [ "$code" = 404 ]; then
      code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url/health" || true)
      [ "$code" = 200 ] && warn "$s has no /ready yet; /health answered instead"
    fi
    [ "$code" = 200 ] && return 0
    sleep 0.5
  done
  warn "$s is not ready after 120s"
  stop_all
  exit 1
}

say "starting customers-api and orders-api (each applies its migrations)"
start customers-api
start orders-api
wait_ready customers-api
wait_ready orders-api
seed_db
start orchestrator
wait_ready orchestrator

auth=
if [ "${AUTH_REQUIRED:-true}" != false ]; then
  token=$(JWT_SECRET=$JWT_SECRET "$ROOT/bin/token" -ttl 1h)
  auth="  -H 'Authorization: Bearer $token' \\
"
fi
cat <<MSG

System ready
  customers-api  ${CUSTOMERS_API_BASE}   (GET /health, /ready, /customers)
  orders-api     ${ORDERS_API_BASE}   (GET /health, /ready, /products, /orders)
  orchestrator   ${ORCHESTRATOR_BASE}   (POST /orchestrator/create-and-confirm-order)
  database       ${SVC_DB_HOST}:${SVC_DB_PORT} ($([ "$DB_MODE" = private ] && echo "private instance, data in .data/mysql" || echo "from DB_* / DB_DSN"))

The brief's example (operator token valid 1 hour; \`make token\` mints another):

curl -sS -X POST ${ORCHESTRATOR_BASE}/orchestrator/create-and-confirm-order \\
  -H 'Content-Type: application/json' \\
${auth}  -d '{"customer_id":1,"items":[{"product_id":2,"qty":2}],"idempotency_key":"abc-123","correlation_id":"req-789"}'

$(if [ -n "${RUN_DETACHED:-}" ]; then echo "Running detached: make stop ends it."; else echo "Stop everything with Ctrl-C."; fi)
MSG
touch "$READY"

# Run until Ctrl-C (the trap) or until a service exits on its own.
while :; do
  wait -n "${PID_OF[@]}" 2>/dev/null || true
  for s in "${!PID_OF[@]}"; do
    kill -0 "${PID_OF[$s]}" 2>/dev/null || died "$s"
  done
done
