#!/usr/bin/env bash
# Generates TypeScript (ts-proto) and the descriptor set (for reflection and the gateway) from proto/.
#   scripts/gen.sh          regenerate shared/src/gen
#   scripts/gen.sh --check  fail when shared/src/gen is stale (what CI runs)
set -euo pipefail
cd "$(dirname "$0")/.."
BUF=node_modules/.bin/buf
OUT=shared/src/gen


if [ "${1:-}" = "--check" ]; then
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/x/shared/src"
  (cd "$tmp/x" && ln -s "$OLDPWD/node_modules" node_modules && cp -r "$OLDPWD/proto" "$OLDPWD/third_party" "$OLDPWD/buf.yaml" "$OLDPWD/buf.gen.yaml" . \
    && "$BUF" generate >/dev/null && "$BUF" build -o shared/src/gen/descriptors.binpb)
  if ! diff -r "$tmp/x/shared/src/gen" "$OUT" >/dev/null; then
    echo "shared/src/gen is stale: run 'npm run gen' and commit the result" >&2
    diff -r "$tmp/x/shared/src/gen" "$OUT" | head -20 >&2
    exit 1
  fi
  echo "generated code is up to date"
else
  "$BUF" generate
  "$BUF" build -o "$OUT/descriptors.binpb"
  echo "generated $OUT"
fi
