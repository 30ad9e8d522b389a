# shellcheck shell=bash
# The database of make run: the one DB_* / DB_DSN point at when it answers,
# else a private MariaDB/MySQL instance with its data in .data/mysql,
# listening on 127.0.0.1:$RUN_DB_PORT and its own socket. Needs common.sh.

MYDATA="$DATA/mysql"
MYRUN="$DATA/mysqld"
MYSOCK="$MYRUN/mysqld.sock"
MYPID="$MYRUN/mysqld.pid"
MYLOG="$MYRUN/error.log"
PRIVATE_STARTED=0 # 1 when this process started the private server (and stops it)

# find_client sets DB_CLIENT to the mariadb or mysql command-line client.
find_client() {
  DB_CLIENT=$(command -v mariadb || command -v mysql || true)
}

# resolve_configured reads where DB_DSN (which wins) or DB_* point.
resolve_configured() {
  CFG_HOST=${DB_HOST:-127.0.0.1} CFG_PORT=${DB_PORT:-3306}
  CFG_USER=${DB_USER:-root} CFG_PASS=${DB_PASSWORD:-}
  if [ -n "${DB_DSN:-}" ]; then
    # user[:password]@tcp(host[:port])/[name][?params]
    [[ $DB_DSN =~ ^([^:@]*)(:([^@]*))?@tcp\(([^:\)]*)(:([0-9]+))?\)/ ]] ||
      die "make run understands DB_DSN only as user:password@tcp(host:port)/ (got another form)"
    CFG_USER=${BASH_REMATCH[1]} CFG_PASS=${BASH_REMATCH[3]}
    CFG_HOST=${BASH_REMATCH[4]:-127.0.0.1} CFG_PORT=${BASH_REMATCH[6]:-3306}
  fi
}

# admin runs the client as the administrative user on the chosen server.
admin() {
  MYSQL_PWD=$ADMIN_PASS "$DB_CLIENT" "${ADMIN_ARGS[@]}" --batch --skip-column-names "$@"
}

# use_configured_db picks the configured server when it answers; it fails
# when the server answers but refuses the configured login.
use_configured_db() {
  resolve_configured
  port_open "$CFG_HOST" "$CFG_PORT" || return 1
  find_client
  [ -n "$DB_CLIENT" ] || die "a database answers at $CFG_HOST:$CFG_PORT but no mariadb/mysql client is installed (apt-get install mariadb-client)"
  ADMIN_ARGS=(--protocol=tcp -h "$CFG_HOST" -P "$CFG_PORT" -u "$CFG_USER" --connect-timeout=5)
  ADMIN_PASS=$CFG_PASS
  admin -e 'SELECT 1' >/dev/null ||
    die "the database at $CFG_HOST:$CFG_PORT answers but refuses user '$CFG_USER' (check DB_USER/DB_PASSWORD or DB_DSN in $(basename "$ENV_FILE"))"
  SVC_DB_HOST=$CFG_HOST SVC_DB_PORT=$CFG_PORT DB_MODE=configured
  say "database: $CFG_HOST:$CFG_PORT (from DB_* / DB_DSN)"
}

# private_running tells whether our private server answers on its socket.
private_running() {
  [ -S "$MYSOCK" ] && [ -f "$MYPID" ] && kill -0 "$(cat "$MYPID")" 2>/dev/null &&
    MYSQL_PWD= "$DB_CLIENT" --protocol=socket --socket="$MYSOCK" -u "$(id -un)" -e 'SELECT 1' >/dev/null 2>&1
}

use_private_admin() {
  ADMIN_ARGS=(--protocol=socket --socket="$MYSOCK" -u "$(id -un)")
  ADMIN_PASS=
  SVC_DB_HOST=127.0.0.1 SVC_DB_PORT=$RUN_DB_PORT DB_MODE=private
}

# find_server sets DB_SERVER to mariadbd or mysqld, installing MariaDB with
# apt when root on Debian/Ubuntu; otherwise it says how to get one.
find_server() {
  DB_SERVER=$(PATH="$PATH:/usr/sbin:/usr/local/sbin:/usr/local/mysql/bin" command -v mariadbd || 
              PATH="$PATH:/usr/sbin:/usr/local/sbin:/usr/local/mysql/bin" command -v mysqld || true)
  [ -n "$DB_SERVER" ] && return 0
  if [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null; then
    say "no MariaDB/MySQL server installed: installing mariadb-server with apt-get"
    if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server >/dev/null; then
      DB_SERVER=$(PATH="$PATH:/usr/sbin" command -v mariadbd || true)
      [ -n "$DB_SERVER" ] && return 0
    fi
    warn "installing mariadb-server with apt-get failed"
  fi
  cat >&2 <<MSG
error: no database answers at $CFG_HOST:$CFG_PORT and no MariaDB/MySQL server is installed.
Either
  - install one:          sudo apt-get install mariadb-server   (Debian/Ubuntu)
                          brew install mariadb                   (macOS)
    and run make run again (it starts a private instance in .data/mysql), or
  - point DB_HOST/DB_PORT/DB_USER/DB_PASSWORD (or DB_DSN) in .env at a running server, or
  - run everything in containers: cp .env.example .env && docker compose up --build
MSG
  exit 1
}

# start_private starts (initialising on first use) the private server, or
# reuses it when it already runs.
start_private() {
  find_client
  find_server
  [ -n "$DB_CLIENT" ] || die "$DB_SERVER exists but no mariadb/mysql client does (apt-get install mariadb-client)"
  mkdir -p "$MYRUN"
  use_private_admin
  if private_running; then
    say "database: private instance already running (127.0.0.1:$RUN_DB_PORT, $MYDATA)"
    return 0
  fi
  port_open 127.0.0.1 "$RUN_DB_PORT" &&
    die "port $RUN_DB_PORT (RUN_DB_PORT) is taken by something else; set RUN_DB_PORT to a free port"
  local user
  user=$(id -un)
  # As root, run the server as the mysql account when there is one and it
  # can reach the data folder (a checkout under /root, mode 700, it cannot).
  if [ "$user" = root ] && id mysql >/dev/null 2>&1 &&
    runuser -u mysql -- test -x "$DATA" 2>/dev/null; then
    user=mysql
  fi
  # The data folder is owned by whoever ran it first; keep using that owner.
  if [ -d "$MYDATA/mysql" ]; then user=$(stat -c %U "$MYDATA"); fi
  if [ ! -d "$MYDATA/mysql" ]; then
    say "initialising a private database in ${MYDATA#"$ROOT"/} (first run)"
    mkdir -p "$MYDATA"
    [ "$user" = "$(id -un)" ] || chown -R "$user" "$MYDATA" "$MYRUN"
    if "$DB_SERVER" --version 2>/dev/null | grep -qi mariadb; then
      local installdb
      installdb=$(command -v mariadb-install-db || command -v mysql_install_db || true)
      [ -n "$installdb" ] || die "mariadb-install-db not found next to $DB_SERVER"
      "$installdb" --no-defaults --datadir="$MYDATA" --user="$user" \
        --auth-root-authentication-method=socket --skip-test-db >"$MYRUN/install.log" 2>&1 ||
        { tail -20 "$MYRUN/install.log" >&2; rm -rf "$MYDATA"; die "mariadb-install-db failed"; }
    else
      "$DB_SERVER" --no-defaults --initialize-insecure --datadir="$MYDATA" --user="$user" \
        >"$MYRUN/install.log" 2>&1 ||
        { tail -20 "$MYRUN/install.log" >&2; rm -rf "$MYDATA"; die "mysqld --initialize-insecure failed"; }
    fi
  fi
  [ "$user" = "$(id -un)" ] || chown "$user" "$MYRUN"
  say "database: starting a private instance on 127.0.0.1:$RUN_DB_PORT (data in ${MYDATA#"$ROOT"/})"
  # setsid: a Ctrl-C in the terminal must not reach the server directly; it
  # is stopped last, after the services, by stop_private.
  setsid "$DB_SERVER" --no-defaults --datadir="$MYDATA" --user="$user" \
    --bind-address=127.0.0.1 --port="$RUN_DB_PORT" --socket="$MYSOCK" \
    --pid-file="$MYPID" --log-error="$MYLOG" --skip-name-resolve \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --innodb-buffer-pool-size=64M </dev/null >/dev/null 2>&1 &
  PRIVATE_PID=$!
  PRIVATE_STARTED=1
  local _
  for _ in $(seq 1 60); do
    private_running && break
    kill -0 "$PRIVATE_PID" 2>/dev/null || { tail -20 "$MYLOG" >&2; PRIVATE_STARTED=0; die "the private database did not start (log: $MYLOG)"; }
    sleep 0.5
  done
  private_running || { tail -20 "$MYLOG" >&2; die "the private database did not answer within 30s (log: $MYLOG)"; }
  # The services connect over TCP to 127.0.0.1; anonymous accounts (older
  # installers create them) would shadow their users there.
  admin -e "DELETE FROM mysql.global_priv WHERE User=''; FLUSH PRIVILEGES;" 2>/dev/null ||
    admin -e "DROP USER IF EXISTS ''@'localhost'; FLUSH PRIVILEGES;" 2>/dev/null || true
}

# stop_private stops the private server when this process started it.
stop_private() {
  [ "$PRIVATE_STARTED" = 1 ] || return 0
  PRIVATE_STARTED=0
  local pid _
  pid=$(cat "$MYPID" 2>/dev/null || echo "$PRIVATE_PID")
  say "stopping the private database (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.25; done
  warn "the private database did not stop within 30s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

# choose_db uses the configured server when it answers, else the private one.
choose_db() {
  use_configured_db && return 0
  say "nothing answers at $CFG_HOST:$CFG_PORT (DB_HOST/DB_PORT): using a private instance"
  start_private
}

# attach_db is choose_db for commands that must not start a server
# (make seed, make migrate): the configured one, else a running private one.
attach_db() {
  use_configured_db && return 0
  find_client
  [ -n "$DB_CLIENT" ] || die "no mariadb/mysql client installed"
  use_private_admin
  private_running || die "no database answers at $CFG_HOST:$CFG_PORT and no private instance runs (make run starts one)"
}

# init_db creates both schemas and the per-service users (db/init), then
# sets the credentials each service gets. Where the admin login may not
# create users (a configured, non-root DB_USER), the services fall back to
# that login.
init_db() {
  local f
  for f in "$ROOT"/db/init/*.sql; do admin <"$f" || die "applying ${f#"$ROOT"/} failed"; done
  if "$ROOT/db/init/02-users.sh" --print | admin 2>"$DATA/init-users.err"; then
    CUSTOMERS_DB_USER=customers_api CUSTOMERS_DB_PASS=$CUSTOMERS_DB_PASSWORD
    ORDERS_DB_USER=orders_api ORDERS_DB_PASS=$ORDERS_DB_PASSWORD
  else
    warn "could not create the per-service users ($(head -1 "$DATA/init-users.err")); the services use $CFG_USER"
    CUSTOMERS_DB_USER=$CFG_USER CUSTOMERS_DB_PASS=$CFG_PASS
    ORDERS_DB_USER=$CFG_USER ORDERS_DB_PASS=$CFG_PASS
  fi
}

# service_db_env prints the DB variables of a service (none for the
# orchestrator), one NAME=value per line.
service_db_env() {
  case $1 in
  customers-api) printf '%s\n' "DB_HOST=$SVC_DB_HOST" "DB_PORT=$SVC_DB_PORT" \
    "DB_USER=$CUSTOMERS_DB_USER" "DB_PASSWORD=$CUSTOMERS_DB_PASS" "DB_NAME=customers" "DB_DSN=" ;;
  orders-api) printf '%s\n' "DB_HOST=$SVC_DB_HOST" "DB_PORT=$SVC_DB_PORT" \
    "DB_USER=$ORDERS_DB_USER" "DB_PASSWORD=$ORDERS_DB_PASS" "DB_NAME=orders" "DB_DSN=" ;;
  esac
}

# seed_db loads db/seed.sql; it needs the services' tables, so it runs after
# both services have migrated.
seed_db() {
  local missing
  missing=$(admin -e "SELECT CONCAT(s.t, ' ') FROM (SELECT 'customers' AS d, 'customers' AS t UNION ALL SELECT 'orders', 'products') s
    LEFT JOIN information_schema.tables i ON i.table_schema = s.d AND i.table_name = s.t WHERE i.table_name IS NULL")
  if [ -n "$missing" ]; then
    warn "seed skipped: table(s) $(echo $missing) not there yet (has that service's migration landed?)"
    return 0
  fi
  admin <"$ROOT/db/seed.sql" || die "loading db/seed.sql failed"
  say "demo seed loaded (db/seed.sql: customer 1 ACME, products 1 and 2)"
}
