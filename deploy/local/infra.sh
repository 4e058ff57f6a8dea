#!/usr/bin/env bash
# Local infrastructure without containers: PostgreSQL, Redis and RabbitMQ from Debian's packages,
# each in a git-ignored data folder, listening on loopback only, on configurable ports.
#
#   deploy/local/infra.sh up               start all three (installs the packages when missing); idempotent
#   deploy/local/infra.sh install          only install the missing packages (and docker-compose, for npm test)
#   deploy/local/infra.sh down             stop all three
#   deploy/local/infra.sh status           one line per server
#   deploy/local/infra.sh stop|start NAME  one server (postgres | redis | rabbitmq), for fault tests
#   deploy/local/infra.sh env              the connection variables, as shell exports
#
# Profiles keep a developer's platform and a test run apart: CONSORCIO_INFRA_PROFILE=dev (default) or test.
# Every port can be overridden: PG_PORT, REDIS_PORT, AMQP_PORT, RABBITMQ_DIST_PORT.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PROFILE="${CONSORCIO_INFRA_PROFILE:-dev}"
case "$PROFILE" in
  dev)  def_pg=15432 def_redis=16379 def_amqp=15672 def_dist=35692 ;;
  # Not 25672: a system RabbitMQ (Debian starts one when systemd runs) uses it for Erlang distribution.
  test) def_pg=25432 def_redis=26379 def_amqp=25682 def_dist=35712 ;;
  # Fault tests stop and restart servers; they get their own so other tests never see the faults.
  fault) def_pg=35432 def_redis=36379 def_amqp=45672 def_dist=35732 ;;
  *) echo "CONSORCIO_INFRA_PROFILE must be dev, test or fault, got '$PROFILE'" >&2; exit 2 ;;
esac
PG_PORT="${PG_PORT:-$def_pg}"
REDIS_PORT="${REDIS_PORT:-$def_redis}"
AMQP_PORT="${AMQP_PORT:-$def_amqp}"
# RabbitMQ's CLI tools bind an Erlang distribution port in 35672-35682 by default; a server whose own
# distribution port sits there dies when a CLI call runs during its boot. Keep both out of that range.
RABBITMQ_DIST_PORT="${RABBITMQ_DIST_PORT:-$def_dist}"
DATA="${CONSORCIO_INFRA_DIR:-$ROOT/.data/$PROFILE}"
# Run as root, the servers run as the `postgres` and `rabbitmq` users, who must reach $DATA. A checkout
# under a private folder (/root is 0700) cannot give them that: then the data lives under /var/tmp,
# in a folder named after this checkout, so every call of this script finds the same one.
if [ "$(id -u)" -eq 0 ] && [ -z "${CONSORCIO_INFRA_DIR:-}" ] && id postgres >/dev/null 2>&1; then
  mkdir -p "$DATA" && chmod 755 "$ROOT/.data" "$DATA" 2>/dev/null || true
  if ! runuser -u postgres -- test -x "$DATA" 2>/dev/null; then
    DATA="/var/tmp/consorcio-$(printf %s "$ROOT" | sha256sum | cut -c1-12)/$PROFILE"
    mkdir -p "$DATA" && chmod 755 "$(dirname "$DATA")" "$DATA"
  fi
fi
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
DB_NAME="${PG_DATABASE:-consorcio}"

RMQ="$DATA/rabbitmq"
export RABBITMQ_NODENAME="consorcio-$PROFILE-$AMQP_PORT@localhost"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$AMQP_PORT" RABBITMQ_DIST_PORT
export RABBITMQ_CTL_DIST_PORT_MIN=$((RABBITMQ_DIST_PORT + 1)) RABBITMQ_CTL_DIST_PORT_MAX=$((RABBITMQ_DIST_PORT + 10))
export RABBITMQ_MNESIA_BASE="$RMQ/mnesia" RABBITMQ_LOG_BASE="$RMQ/log" RABBITMQ_PID_FILE="$RMQ/node.pid"
export RABBITMQ_ENABLED_PLUGINS_FILE="$RMQ/enabled_plugins" RABBITMQ_CONFIG_FILE="$RMQ/rabbitmq"
export RABBITMQ_CONF_ENV_FILE="$RMQ/rabbitmq-env.conf"
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"

log() { printf '[infra:%s] %s\n' "$PROFILE" "$*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ensure_packages() {
  # One install at a time, even when several profiles start together. The lock is held only for
  # the check and install (its descriptor is closed again before any server is started: a daemon
  # that inherited it would hold the lock forever).
  exec 9>"${TMPDIR:-/tmp}/consorcio-infra-install.lock"
  flock 9
  local rc=0
  install_missing_packages || rc=$?
  exec 9>&-
  return $rc
}

install_missing_packages() {
  local missing=()
  [ -x "$PG_BIN/initdb" ] || missing+=(postgresql-15)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v rabbitmq-server >/dev/null || missing+=(rabbitmq-server)
  # `install` (what `npm test` runs) also brings the tools its checks use: docker-compose validates
  # docker-compose.yml with no engine (test/repo/docker-compose.test.ts). Without its recommends (docker.io).
  local tools=()
  if [ -n "${INSTALL_TOOLS:-}" ]; then command -v docker-compose >/dev/null || tools+=(docker-compose); fi
  [ ${#missing[@]} -eq 0 ] && [ ${#tools[@]} -eq 0 ] && return 0
  log "installing $(echo "${missing[*]} ${tools[*]}" | xargs) from Debian's packages"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  # Ours run from $DATA on their own ports: a policy-rc.d that says "no" (101) keeps the packages
  # from starting system-wide servers as they install (the usual trick of container images).
  local policy=/usr/sbin/policy-rc.d own_policy="" rc=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod +x "$policy" && own_policy=1
  fi
  # sudo resets the environment, so the variable goes through env.
  { $sudo apt-get update -q >/dev/null &&
    { [ ${#missing[@]} -eq 0 ] ||
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null; } &&
    { [ ${#tools[@]} -eq 0 ] ||
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${tools[@]}" >/dev/null; }; } || rc=$?
  if [ -n "$own_policy" ]; then $sudo rm -f "$policy"; fi
  return $rc
}

# --- PostgreSQL ------------------------------------------------------------------------------
as_postgres() { if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }

pg_up() {
  if [ ! -f "$DATA/pg/data/PG_VERSION" ]; then
    if [ "$(id -u)" -eq 0 ]; then install -d -o postgres -g postgres -m 700 "$DATA/pg" "$DATA/pgsock"
    else install -d -m 700 "$DATA/pg" "$DATA/pgsock"; fi
    as_postgres "$PG_BIN/initdb" -D "$DATA/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  fi
  if ! as_postgres "$PG_BIN/pg_ctl" -D "$DATA/pg/data" status >/dev/null 2>&1; then
    # fsync off: this is a developer's and CI's throwaway cluster, never production.
    as_postgres "$PG_BIN/pg_ctl" -D "$DATA/pg/data" -l "$DATA/pg/server.log" -w -t 60 \
      -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $DATA/pgsock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      start >/dev/null
  fi
  if ! psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "select 1 from pg_database where datname='$DB_NAME'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "create database $DB_NAME" >/dev/null
  fi
}
pg_down() {
  [ -f "$DATA/pg/data/PG_VERSION" ] || return 0
  as_postgres "$PG_BIN/pg_ctl" -D "$DATA/pg/data" -m fast -w stop >/dev/null 2>&1 || true
}

# --- Redis -----------------------------------------------------------------------------------
redis_up() {
  mkdir -p "$DATA/redis"
  port_open "$REDIS_PORT" && return 0
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$DATA/redis" --pidfile "$DATA/redis/redis.pid" --logfile "$DATA/redis/redis.log" >/dev/null
  for _ in $(seq 1 100); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0; sleep 0.05; done
  log "redis did not answer on $REDIS_PORT"; return 1
}
redis_down() {
  port_open "$REDIS_PORT" || return 0
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  for _ in $(seq 1 100); do port_open "$REDIS_PORT" || return 0; sleep 0.05; done
}

# --- RabbitMQ --------------------------------------------------------------------------------
rmq_ctl() {
  if [ "$(id -u)" -eq 0 ]; then rabbitmqctl -n "$RABBITMQ_NODENAME" "$@"
  else HOME="$RMQ" /usr/lib/rabbitmq/bin/rabbitmqctl -n "$RABBITMQ_NODENAME" "$@"; fi
}
rmq_up() {
  mkdir -p "$RMQ/mnesia" "$RMQ/log"
  : >"$RMQ/rabbitmq-env.conf"
  printf 'log.console = false\nlisteners.tcp.default = %s\n' "$AMQP_PORT" >"$RMQ/rabbitmq.conf"
  echo '[rabbitmq_consistent_hash_exchange].' >"$RMQ/enabled_plugins"
  if port_open "$AMQP_PORT"; then return 0; fi
  if [ "$(id -u)" -eq 0 ]; then
    chown -R rabbitmq:rabbitmq "$RMQ"
    rabbitmq-server -detached >/dev/null 2>&1
  else
    HOME="$RMQ" /usr/lib/rabbitmq/bin/rabbitmq-server -detached >/dev/null 2>&1
  fi
  # `wait` (not await_startup) works before the node has registered with epmd.
  rmq_ctl wait "$RABBITMQ_PID_FILE" --timeout 120 >/dev/null
  for _ in $(seq 1 100); do port_open "$AMQP_PORT" && return 0; sleep 0.1; done
  log "rabbitmq did not listen on $AMQP_PORT"; return 1
}
rmq_down() {
  [ -f "$RABBITMQ_PID_FILE" ] || port_open "$AMQP_PORT" || return 0
  rmq_ctl shutdown >/dev/null 2>&1 || true
}

status_line() {
  local name=$1 port=$2
  if port_open "$port"; then echo "$name up 127.0.0.1:$port"; else echo "$name down 127.0.0.1:$port"; fi
}

print_env() {
  cat <<EOF
export DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/$DB_NAME
export REDIS_URL=redis://127.0.0.1:$REDIS_PORT
export AMQP_URL=amqp://guest:guest@127.0.0.1:$AMQP_PORT
EOF
}

docker_engine() { command -v docker >/dev/null && docker info >/dev/null 2>&1; }
# docker-compose.yml runs the whole platform; a developer's `npm start` takes only its infrastructure, by name.
COMPOSE_INFRA=(postgres redis rabbitmq otel-collector jaeger)

cmd="${1:-up}"
case "$cmd" in
  up)
    if [ "${CONSORCIO_INFRA_DOCKER:-auto}" != "never" ] && [ "$PROFILE" = dev ] && docker_engine; then
      log "Docker engine found: starting ${COMPOSE_INFRA[*]} with docker compose"
      (cd "$ROOT" && docker compose up -d --wait "${COMPOSE_INFRA[@]}")
      exit 0
    fi
    started=$(date +%s%N)
    ensure_packages
    pg_up & p1=$!
    redis_up & p2=$!
    rmq_up & p3=$!
    failed=0
    for p in $p1 $p2 $p3; do wait "$p" || failed=1; done
    [ "$failed" -eq 0 ] || { log "a server did not start (logs under $DATA)"; exit 1; }
    elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
    log "up in ${elapsed} ms (data in $DATA)"
    ;;
  install) INSTALL_TOOLS=1 ensure_packages ;;
  down)
    if [ "${CONSORCIO_INFRA_DOCKER:-auto}" != "never" ] && [ "$PROFILE" = dev ] && docker_engine; then
      (cd "$ROOT" && docker compose stop "${COMPOSE_INFRA[@]}")
      exit 0
    fi
    pg_down & rmq_down & redis_down & wait ;;
  status)
    status_line postgres "$PG_PORT"; status_line redis "$REDIS_PORT"; status_line rabbitmq "$AMQP_PORT" ;;
  stop|start)
    name="${2:?name one of: postgres redis rabbitmq}"
    case "$name:$cmd" in
      postgres:stop) pg_down ;; postgres:start) pg_up ;;
      redis:stop) redis_down ;; redis:start) redis_up ;;
      rabbitmq:stop) rmq_down ;; rabbitmq:start) rmq_up ;;
      *) echo "unknown server '$name' (postgres | redis | rabbitmq)" >&2; exit 2 ;;
    esac ;;
  env) print_env ;;
  *) echo "usage: $0 up|down|status|env|install|stop NAME|start NAME" >&2; exit 2 ;;
esac
