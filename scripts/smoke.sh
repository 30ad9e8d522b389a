#!/usr/bin/env bash
# make smoke: the README's example flow with curl against a running system
# (make run / make run-bg), checking every status and answer. Exits non-zero
# at the first mismatch. It creates its own customer and product (unique
# names per run), so it never takes the demo seed's stock.
#
#   create customer -> create product -> orchestrator create-and-confirm ->
#   replay with the same key (same order, stock taken once) -> cancel
#   (stock restored) -> read the order back; plus the seed's customer 1 and
#   product 2 are there.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
load_env
command -v jq >/dev/null || die "make smoke needs jq (apt-get install jq)"

C=$CUSTOMERS_API_BASE O=$ORDERS_API_BASE X=$ORCHESTRATOR_BASE
run_id="smoke-$(date +%s)-$$"
auth=()
if [ "${AUTH_REQUIRED:-true}" != false ]; then
  tok=$(SUB=smoke "$ROOT/scripts/token.sh" -ttl 10m)
  auth=(-H "Authorization: Bearer $tok")
fi

STEPS=0
BODY=$(mktemp)
trap 'rm -f "$BODY"' EXIT

# call METHOD URL [JSON]: sets STATUS and BODY (the response) .
call() {
  local args=(-sS -o "$BODY" -w '%{http_code}' --max-time 15 -X "$1" "${auth[@]}" -H 'Content-Type: application/json')
  [ $# -ge 3 ] && args+=(-d "$3")
  STATUS=$(curl "${args[@]}" "$2") || die "$1 $2: no answer (is the system running? make run)"
}

# expect STEP STATUS [JQ-CHECK...]: each jq expression must be true of BODY.
expect() {
  local step=$1 want=$2 check
  shift 2
  [ "$STATUS" = "$want" ] || die "$step: status $STATUS, want $want; body: $(cat "$BODY")"
  for check in "$@"; do
    jq -e "$check" "$BODY" >/dev/null 2>&1 || die "$step: want $check; body: $(cat "$BODY")"
  done
  STEPS=$((STEPS + 1))
  printf '  ok  %s\n' "$step"
}

say "smoke test against $X, $C, $O"

call GET "$C/customers/1"
expect "seed: customer 1 is ACME" 200 '.name == "ACME"' '.email == "ops@acme.com"'
call GET "$O/products/2"
expect "seed: product 2 costs 129900 cents" 200 '.price_cents == 129900'

call POST "$C/customers" "{\"name\":\"Smoke Test Ltd\",\"email\":\"$run_id@example.com\",\"phone\":\"+1-555-0199\"}"
expect "create customer" 201 '.id > 0' ".email == \"$run_id@example.com\"" '.phone == "+1-555-0199"'
cid=$(jq -r .id "$BODY")

call POST "$O/products" "{\"sku\":\"$run_id\",\"name\":\"Smoke widget\",\"price_cents\":2500,\"stock\":10}"
expect "create product" 201 '.id > 0' '.stock == 10' '.price_cents == 2500'
pid=$(jq -r .id "$BODY")

order="{\"customer_id\":$cid,\"items\":[{\"product_id\":$pid,\"qty\":2}],\"idempotency_key\":\"$run_id\",\"correlation_id\":\"$run_id\"}"
call POST "$X/orchestrator/create-and-confirm-order" "$order"
expect "orchestrator create-and-confirm" 201 '.success == true' ".correlationId == \"$run_id\"" \
  ".data.customer.id == $cid" '.data.order.status == "CONFIRMED"' '.data.order.total_cents == 5000' \
  ".data.order.items == [{\"product_id\":$pid,\"qty\":2,\"unit_price_cents\":2500,\"subtotal_cents\":5000}]"
oid=$(jq -r .data.order.id "$BODY")

call POST "$X/orchestrator/create-and-confirm-order" "$order"
expect "replay with the same key returns the same order" 201 '.success == true' ".data.order.id == $oid" \
  '.data.order.status == "CONFIRMED"'

call GET "$O/products/$pid"
expect "stock taken once (10 - 2)" 200 '.stock == 8'

call POST "$X/orchestrator/create-and-confirm-order" "${order/\"qty\":2/\"qty\":3}"
expect "same key, different body is refused" 422 '.success == false' '.error.code == "idempotency_key_reused"'

call POST "$O/orders/$oid/cancel"
expect "cancel within the window" 200 '.status == "CANCELED"' '.canceled_at != null'

call GET "$O/orders/$oid"
expect "read the order back" 200 ".id == $oid" '.status == "CANCELED"' ".customer_id == $cid" '.total_cents == 5000' \
  '.confirmed_at != null' '(.items | length) == 1'

call GET "$O/products/$pid"
expect "stock restored by the cancel" 200 '.stock == 10'

echo "smoke: $STEPS passed, 0 failed"
