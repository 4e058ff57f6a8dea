#!/bin/sh
# The image's entry point.
#   (no argument)   run the service named by SERVICE, compiled, with the telemetry preload
#   migrate [svc…]  wait for PostgreSQL (up to MIGRATE_WAIT_SECONDS, default 120), apply pending migrations, exit
#   healthcheck     the container's health: the service's grpc.health.v1 status, or the gateway's /readyz
#   anything else   run as a command (sh, node, …)
set -eu
cd /app

case "${1:-}" in
  migrate)
    shift
    node deploy/container/wait-for-database.js
    exec node --require tsx/cjs scripts/migrate.ts "$@"
    ;;
  healthcheck)
    exec node deploy/container/healthcheck.js
    ;;
  '') ;;
  *) exec "$@" ;;
esac

SERVICE="${SERVICE:-}"
if [ -z "$SERVICE" ] || [ ! -f "services/$SERVICE/dist/main.js" ]; then
  echo "SERVICE must name one of: $(ls services | tr '\n' ' ')(got '$SERVICE')" >&2
  exit 2
fi
export OTEL_SERVICE_NAME="${OTEL_SERVICE_NAME:-$SERVICE}"
exec node --require ./shared/dist/telemetry/register.js \
  "services/$SERVICE/dist/main.js"
