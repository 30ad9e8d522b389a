# shellcheck shell=bash
# Shared by the scripts/ commands: the repo root, messages, and the
# configuration (.env, else .env.example; the environment wins over both).

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DATA="$ROOT/.data"
SERVICES=(customers-api orders-api orchestrator)

# Messages never fail: under `set -e`, a write to a closed pipe (a tee that
# Ctrl-C ended) would otherwise abort a cleanup half-way.
say()  { printf '\033[1m==> %s\033[0m\n' "$*" >&2 || true; }
warn() { printf '\033[33mwarning: %s\033[0m\n' "$*" >&2 || true; }
die()  { printf '\033[31merror: %s\033[0m\n' "$*" >&2 || true; exit 1; }

# load_env exports every KEY=value of .env (or .env.example when there is
# no .env) that the environment does not already set, so
# `DB_PORT=3399 make run` overrides the file. Values are taken literally
# (no shell expansion); surrounding quotes are removed.
load_env() {
  local file="$ROOT/.env" line key val
  [ -f "$file" ] || file="$ROOT/.env.example"
  [ -f "$file" ] || die "neither .env nor .env.example exists in $ROOT"
  ENV_FILE=$file
  while IFS= read -r line || [ -n "$line" ]; do
    [[ $line =~ ^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
    key=${BASH_REMATCH[1]} val=${BASH_REMATCH[2]}
    [[ $val =~ ^\"(.*)\"$ || $val =~ ^\'(.*)\'$ ]] && val=${BASH_REMATCH[1]}
    [[ -v $key ]] || export "$key=$val"
  done <"$file"
  # Variables of make run itself (not read by the services).
  export CUSTOMERS_DB_PASSWORD=${CUSTOMERS_DB_PASSWORD:-customers-dev-password}
  export ORDERS_DB_PASSWORD=${ORDERS_DB_PASSWORD:-orders-dev-password}
  export RUN_DB_PORT=${RUN_DB_PORT:-3307}
  export CUSTOMERS_API_BASE=${CUSTOMERS_API_BASE:-${CUSTOMERS_API_URL:-http://localhost:3001}}
  export ORDERS_API_BASE=${ORDERS_API_BASE:-${ORDERS_API_URL:-http://localhost:3002}}
  export ORCHESTRATOR_BASE=${ORCHESTRATOR_BASE:-http://localhost:3000}
}

# port_of prints the port of an http URL (80 when it names none).
port_of() {
  local rest=${1#*://}
  rest=${rest%%/*}
  if [[ $rest == *:* ]]; then echo "${rest##*:}"; else echo 80; fi
}

# port_open tells whether something accepts TCP connections on host:port.
port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }
