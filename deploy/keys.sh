#!/usr/bin/env bash
# Fresh keys and secrets for an installation, printed to stdout (nothing is written anywhere else):
#
#   deploy/keys.sh env > .env                       # for docker-compose.yml (compose reads .env itself)
#   deploy/keys.sh k8s-secret consorcio > s.yaml    # a Kubernetes Secret for the Helm chart's secrets.existingSecret
#
# What is made: an Ed25519 key pair the gateway signs access tokens with (GATEWAY_JWT_PRIVATE_KEY), another the
# services sign their calls to each other with (SERVICE_PRIVATE_KEY), both public halves in AUTH_PUBLIC_KEYS,
# the audit log's checkpoint key (AUDIT_SIGNING_KEY), the payment provider's webhook secret, the keys members'
# personal data is encrypted and indexed with (PII_KEYS, PII_ACTIVE_KEY_ID, PII_INDEX_KEY), the object store's
# credentials for the compose MinIO (S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY) and the first admin.
# For k8s-secret, DATABASE_URL, REDIS_URL, AMQP_URL and PIX_KEY are copied from the environment when set (PIX_KEY
# otherwise gets a placeholder, fine for a trial cluster only).
set -euo pipefail

mode="${1:-}"
case "$mode" in
  env | k8s-secret) ;;
  *) echo "usage: $0 env | k8s-secret NAME" >&2; exit 2 ;;
esac
name="${2:-consorcio}"

MODE="$mode" NAME="$name" node -e '
const { generateKeyPairSync, randomBytes } = require("node:crypto");
const pair = () => {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    private: privateKey.export({ type: "pkcs8", format: "pem" }).trim(),
    public: publicKey.export({ type: "spki", format: "pem" }).trim(),
  };
};
const gateway = pair();
const service = pair();
const audit = pair();
const values = {
  AUTH_PUBLIC_KEYS: `${gateway.public}\n${service.public}`,
  GATEWAY_JWT_PRIVATE_KEY: gateway.private,
  SERVICE_PRIVATE_KEY: service.private,
  AUDIT_SIGNING_KEY: audit.private,
  PROVIDER_WEBHOOK_SECRET: randomBytes(32).toString("base64url"),
  PII_KEYS: `k1:${randomBytes(32).toString("base64")}`,
  PII_ACTIVE_KEY_ID: "k1",
  PII_INDEX_KEY: randomBytes(32).toString("base64"),
  S3_ACCESS_KEY_ID: `consorcio${randomBytes(4).toString("hex")}`,
  S3_SECRET_ACCESS_KEY: randomBytes(24).toString("base64url"),
  GATEWAY_ADMIN_USERNAME: "admin",
  GATEWAY_ADMIN_PASSWORD: randomBytes(18).toString("base64url"),
};
const out = [];
if (process.env.MODE === "env") {
  out.push("# Made by deploy/keys.sh: secrets, keep this file private (git-ignores it).");
  // Double quotes: compose turns \n back into new lines, so each PEM stays one line here.
  for (const [k, v] of Object.entries(values)) out.push(`${k}="${v.replace(/\n/g, "\\n")}"`);
} else {
  for (const k of ["DATABASE_URL", "REDIS_URL", "AMQP_URL"]) if (process.env[k]) values[k] = process.env[k];
  values.PIX_KEY = process.env.PIX_KEY || "pix@consorcio.example";
  if (!process.env.PIX_KEY) console.error("PIX_KEY is a placeholder (pix@consorcio.example): set PIX_KEY for a real installation");
  out.push("# Made by deploy/keys.sh: apply with kubectl apply -n <namespace> -f <this file>, then keep it nowhere.");
  out.push("apiVersion: v1", "kind: Secret", "metadata:", `  name: ${process.env.NAME}`, "type: Opaque", "stringData:");
  for (const [k, v] of Object.entries(values)) {
    out.push(`  ${k}: |-`);
    for (const line of v.split("\n")) out.push(`    ${line}`);
  }
}
process.stdout.write(out.join("\n") + "\n");
'
