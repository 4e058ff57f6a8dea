#!/usr/bin/env bash
# The one test command (`npm test`, also what .ci/run calls). On a clean clone it installs npm
# packages, checks the contracts (buf lint, generated code up to date), type-checks, lints, then
# runs the unit and integration suites against PostgreSQL, Redis and RabbitMQ it starts itself on
# separate ports (and stops again, even when tests fail). The last line is the total CI reads:
#   total: N passed, N failed, N skipped
set -uo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
failed_steps=()
passed=0 failed=0 skipped=0
counts_dir=$(mktemp -d)

step() {
  local name=$1; shift
  echo "── $name"
  if ! "$@"; then failed_steps+=("$name"); echo "✗ $name failed"; fi
}

suite() {
  local name=$1; shift
  local counts="$counts_dir/$name"
  echo "── $name tests"
  COUNTS_FILE="$counts" npx mocha --config .mocharc.json "$@" || failed_steps+=("$name tests")
  if [ -s "$counts" ]; then
    read -r p f s <"$counts"
    passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
  else
    failed_steps+=("$name tests (no result)"); failed=$((failed + 1))
  fi
}

# Both sets of servers at once; fails when either fails (a bare `wait` would always succeed).
infra() {
  local pids=() rc=0
  for profile in test fault; do CONSORCIO_INFRA_PROFILE=$profile bash deploy/local/infra.sh "$@" & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || rc=1; done
  return $rc
}

if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "Node >= 20.19 is required, found $(node --version)"; echo "total: 0 passed, 1 failed, 0 skipped"; exit 1
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "── installing npm packages (npm ci)"
  npm ci --no-audit --no-fund || { echo "npm ci failed"; echo "total: 0 passed, 1 failed, 0 skipped"; exit 1; }
fi

step "buf lint" npx buf lint
step "generated code up to date" bash scripts/gen.sh --check
step "type check" npx tsc -p tsconfig.json --noEmit
step "lint" npx eslint --max-warnings 0 .
step "format" npx prettier --check --log-level warn .

echo "── starting test infrastructure"
# Stop at the end only what this run started: a developer's already-running test servers stay up.
started_infra=""
# (Read the status whole first: with pipefail, `grep -q` closing the pipe early would fail the test.)
infra_status=$(infra status)
if grep -q ' down ' <<<"$infra_status"; then
  started_infra=1
  trap 'infra down >/dev/null 2>&1' EXIT # a fallback if this script is interrupted
fi
# Packages first, once: two profiles installing at the same time would fight over apt's lock.
bash deploy/local/infra.sh install || failed_steps+=("install servers")
infra up || failed_steps+=("infrastructure")

suite unit 'shared/test/unit/**/*.test.ts' 'services/*/test/unit/**/*.test.ts' 'cli/test/**/*.test.ts' 'test/repo/**/*.test.ts'
suite integration 'shared/test/integration/**/*.test.ts' 'services/*/test/integration/**/*.test.ts' 'test/e2e/**/*.test.ts' 'test/faults/**/*.test.ts'

rm -rf "$counts_dir"
if [ -n "$started_infra" ]; then
  echo "── stopping test infrastructure"
  infra down || true
  trap - EXIT
fi
echo "── took $(( $(date +%s) - started )) s"
if [ ${#failed_steps[@]} -gt 0 ]; then
  echo "failed steps: ${failed_steps[*]}"
  # A failed check that is not a test still fails the run: count it so the total says so.
  [ "$failed" -eq 0 ] && failed=${#failed_steps[@]}
fi
echo "total: $passed passed, $failed failed, $skipped skipped"
[ ${#failed_steps[@]} -eq 0 ]
