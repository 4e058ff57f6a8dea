#!/usr/bin/env bash
# The one command that runs the whole platform locally (`npm start`): installs npm packages when
# needed, starts PostgreSQL, Redis and RabbitMQ (Debian packages, installed when missing; or Docker
# Compose where an engine runs), migrates every schema, and runs every service under the supervisor.
set -euo pipefail
cd "$(dirname "$0")/.."

node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Node >= 20.19 is required, found "+process.versions.node); process.exit(1) }'
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "installing npm packages (npm ci)…"
  npm ci --no-audit --no-fund
fi

bash deploy/local/infra.sh up
eval "$(bash deploy/local/infra.sh env)"
export DATABASE_URL REDIS_URL AMQP_URL
npm run --silent migrate
bash deploy/local/infra.sh status
exec node --conditions=source --require tsx/cjs scripts/supervisor.ts
