#!/usr/bin/env bash
# Database chores on the database make run uses (the configured one, else a
# running private instance); they never start a server themselves.
#
#   scripts/db.sh seed      load db/seed.sql (idempotent)
#   scripts/db.sh migrate   create schemas and users, then `<service> migrate up` for both
#   scripts/db.sh shell     a mariadb/mysql prompt as the admin user
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/db.sh"
mkdir -p "$DATA"
load_env
attach_db

case ${1:-} in
seed) seed_db ;;
migrate)
  init_db
  make -s -C "$ROOT" --no-print-directory build >&2
  for s in customers-api orders-api; do
    mapfile -t env < <(service_db_env "$s")
    printf '%s: ' "$s"
    env "${env[@]}" "$ROOT/bin/$s" migrate up
  done ;;
shell) MYSQL_PWD=$ADMIN_PASS exec "$DB_CLIENT" "${ADMIN_ARGS[@]}" ;;
*) die "usage: scripts/db.sh seed|migrate|shell" ;;
esac
