#!/usr/bin/env bash
# `npm run demo [-- --quotas 100 --months 50 --seed 1]`: a whole group's term through the platform `npm start` runs
# (gateway on 127.0.0.1:8080, services on the shared sandbox clock), month by month, ending with the invariants.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash deploy/local/infra.sh env)"
export DATABASE_URL REDIS_URL
AUTH_DIR=.data/dev/auth
export GATEWAY_ADMIN_USERNAME="${GATEWAY_ADMIN_USERNAME:-admin}"
if [ -z "${GATEWAY_ADMIN_PASSWORD:-}" ]; then
  [ -f "$AUTH_DIR/admin-password" ] || { echo "no platform found: run 'npm start' first (in another terminal)"; exit 1; }
  GATEWAY_ADMIN_PASSWORD="$(cat "$AUTH_DIR/admin-password")"
fi
export GATEWAY_ADMIN_PASSWORD
url="${CONSORCIO_URL:-http://127.0.0.1:8080}"
if ! curl -fsS "$url/readyz" >/dev/null 2>&1; then
  echo "the platform is not ready at $url: run 'npm start' first (in another terminal) and wait for it"; exit 1
fi
exec node cli/bin/consorcio simulate --url "$url" --supporting .data/dev/demo-reports "$@"
