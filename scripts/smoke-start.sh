#!/usr/bin/env bash
# Starts the whole stack as `npm start` does, waits for the gateway, asks for five residents as admin, stops it.
set -euo pipefail
log=$(mktemp)
node dist/scripts/start.js >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
started=$(date +%s)
until grep -q '^OneGrid is up' "$log"; do
  if ! kill -0 "$pid" 2>/dev/null || [ $(( $(date +%s) - started )) -gt 90 ]; then cat "$log"; exit 1; fi
  sleep 1
done
grep '^OneGrid is up' "$log"
token=$(grep -A1 '^Admin token' "$log" | tail -n 1)
answer=$(curl -sf http://localhost:4000/graphql -H 'content-type: application/json' -H "authorization: Bearer $token" \
  -d '{"query":"{ residents(first: 5) { edges { node { name household { address } grid { name } } } } }"}')
echo "$answer" | head -c 600; echo
[ "$(echo "$answer" | grep -o '"name"' | wc -l)" -ge 10 ] || { echo "unexpected answer"; exit 1; }
