#!/bin/sh
# Creates one least-privilege user per service: customers_api may touch only
# the customers schema, orders_api only orders. The privileges are what the
# service and its migrations need (DDL and DML on its own tables), nothing
# global. Idempotent: an existing user gets its password and grants reset.
#
#   02-users.sh           apply through `mysql` as root (the mysql:8.0
#                         container runs it so on its first start)
#   02-users.sh --print   print the SQL (make run pipes it to its own client)
#
# Passwords come from CUSTOMERS_DB_PASSWORD and ORDERS_DB_PASSWORD.
set -eu

: "${CUSTOMERS_DB_PASSWORD:?CUSTOMERS_DB_PASSWORD is not set (see .env.example)}"
: "${ORDERS_DB_PASSWORD:?ORDERS_DB_PASSWORD is not set (see .env.example)}"

# sqlstr quotes a value as an SQL string literal.
sqlstr() { printf "'%s'" "$(printf '%s' "$1" | sed -e "s/\\\\/\\\\\\\\/g" -e "s/'/''/g")"; }

privs='SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, INDEX, REFERENCES, CREATE TEMPORARY TABLES, LOCK TABLES'

user_sql() { # user schema password
  cat <<SQL
CREATE USER IF NOT EXISTS '$1'@'%' IDENTIFIED BY $(sqlstr "$3");
ALTER USER '$1'@'%' IDENTIFIED BY $(sqlstr "$3");
GRANT $privs ON \`$2\`.* TO '$1'@'%';
SQL
}

sql() {
  user_sql customers_api customers "$CUSTOMERS_DB_PASSWORD"
  user_sql orders_api orders "$ORDERS_DB_PASSWORD"
  echo "FLUSH PRIVILEGES;"
}

if [ "${1:-}" = --print ]; then
  sql
else
  sql | MYSQL_PWD="${MYSQL_ROOT_PASSWORD:-}" mysql -uroot
fi
