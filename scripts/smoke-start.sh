#!/usr/bin/env bash
# Starts the whole stack as `npm start` does (on GATEWAY_PORT and the subgraphs' configured ports), waits for the gateway, asks for five residents as admin, stops it.
set -euo pipefail
log=$(mktemp)
node dist/scripts/start.js >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
started=$(date +%s)
until grep -q '^OneGrid is up' "$log"; do
  if ! kill -0 "$pid" 2>/dev/null || [ $(( $(date +%s) - started )) -gt 240 ]; then cat "$log"; echo "npm start did not come up within 240 s"; exit 1; fi
  sleep 1
done
grep '^OneGrid is up' "$log"
# The gateway's address as start.js printed it from the configuration (GATEWAY_PORT), never a fixed port.
url=$(grep '^OneGrid is up' "$log" | grep -o 'http://[^ ]*/graphql')
token=$(grep -A1 '^Admin token' "$log" | tail -n 1)
answer=$(curl -sf "$url" -H 'content-type: application/json' -H "authorization: Bearer $token" \
  -d '{"query":"{ residents(first: 5) { edges { node { name household { address } grid { name } } } } }"}')
echo "$answer" | head -c 600; echo
[ "$(echo "$answer" | grep -o '"name"' | wc -l)" -ge 10 ] || { echo "unexpected answer"; exit 1; }
