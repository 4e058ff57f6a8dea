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

# Development keys and the first admin, made once and kept in .data/dev/auth (git-ignored). In
# production these come from the deployment's secrets.
AUTH_DIR=.data/dev/auth
if [ ! -f "$AUTH_DIR/private.pem" ]; then
  mkdir -p "$AUTH_DIR" && chmod 700 "$AUTH_DIR"
  node -e '
    const { generateKeyPairSync, randomBytes } = require("node:crypto"); const fs = require("node:fs");
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const dir = process.argv[1];
    fs.writeFileSync(dir + "/private.pem", privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    fs.writeFileSync(dir + "/public.pem", publicKey.export({ type: "spki", format: "pem" }));
    fs.writeFileSync(dir + "/admin-password", randomBytes(18).toString("base64url"), { mode: 0o600 });' "$AUTH_DIR"
fi
export AUTH_PUBLIC_KEYS="$(cat "$AUTH_DIR/public.pem")"
export GATEWAY_JWT_PRIVATE_KEY="$(cat "$AUTH_DIR/private.pem")"
# Services sign their calls to each other (role SERVICE) with a key the others trust; locally the same key pair.
export SERVICE_PRIVATE_KEY="${SERVICE_PRIVATE_KEY:-$GATEWAY_JWT_PRIVATE_KEY}"
export GATEWAY_ADMIN_USERNAME="${GATEWAY_ADMIN_USERNAME:-admin}"
export GATEWAY_ADMIN_PASSWORD="${GATEWAY_ADMIN_PASSWORD:-$(cat "$AUTH_DIR/admin-password")}"
# The payment provider's webhook secret (HMAC), made once like the keys; the PIX key is the administradora's.
if [ ! -f "$AUTH_DIR/provider-webhook-secret" ]; then
  node -e 'require("fs").writeFileSync(process.argv[1], require("crypto").randomBytes(32).toString("base64url"), { mode: 0o600 })' \
    "$AUTH_DIR/provider-webhook-secret"
fi
export PROVIDER_WEBHOOK_SECRET="${PROVIDER_WEBHOOK_SECRET:-$(cat "$AUTH_DIR/provider-webhook-secret")}"
# The audit log's checkpoint signing key (Ed25519), made once; its public half is served by GET /v1/audit/public-key.
if [ ! -f "$AUTH_DIR/audit-signing.pem" ]; then
  node -e '
    const { generateKeyPairSync } = require("node:crypto");
    const { privateKey } = generateKeyPairSync("ed25519");
    require("fs").writeFileSync(process.argv[1], privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });' \
    "$AUTH_DIR/audit-signing.pem"
fi
export AUDIT_SIGNING_KEY="${AUDIT_SIGNING_KEY:-$(cat "$AUTH_DIR/audit-signing.pem")}"
# The keys members' personal data is encrypted (AES-256-GCM ring) and looked up (HMAC blind index) with, made once.
# Losing them loses the data: in production they come from the deployment's secrets (deploy/keys.sh).
if [ ! -f "$AUTH_DIR/pii.env" ]; then
  node -e '
    const r = () => require("crypto").randomBytes(32).toString("base64");
    require("fs").writeFileSync(process.argv[1],
      `PII_KEYS=k1:${r()}\nPII_ACTIVE_KEY_ID=k1\nPII_INDEX_KEY=${r()}\n`, { mode: 0o600 });' "$AUTH_DIR/pii.env"
fi
if [ -z "${PII_KEYS:-}" ]; then set -a; . "$AUTH_DIR/pii.env"; set +a; fi
# Local e-mail: written as .eml files here unless SMTP_URL names a server (e.g. a local SMTP sink).
export NOTIFICATIONS_MAIL_DIR="${NOTIFICATIONS_MAIL_DIR:-.data/dev/mail}"
# A local platform is a sandbox: its services follow the shared clock, which `npm run demo` moves forward month by
# month (real time until then). CONSORCIO_CLOCK=system npm start runs on the real clock, as production does.
export CONSORCIO_CLOCK="${CONSORCIO_CLOCK:-shared}"
# One operator on loopback drives the demo (thousands of calls a minute): a sandbox's rate limits are generous.
export GATEWAY_RATE_LIMIT_PER_USER="${GATEWAY_RATE_LIMIT_PER_USER:-100000}"
export GATEWAY_RATE_LIMIT_PER_IP="${GATEWAY_RATE_LIMIT_PER_IP:-200000}"
export PIX_KEY="${PIX_KEY:-pix@consorcio.example}"
export DOCUMENTS_DIR="${DOCUMENTS_DIR:-.data/dev/documents}"
echo "first admin: $GATEWAY_ADMIN_USERNAME / $GATEWAY_ADMIN_PASSWORD (from $AUTH_DIR/admin-password)"
bash deploy/local/infra.sh status
exec node --conditions=source --require tsx/cjs scripts/supervisor.ts
