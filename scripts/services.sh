#!/usr/bin/env bash
# Makes sure the services the platform and its tests need are up on this machine:
# PostgreSQL (with databases jobs and jobs_test) and RabbitMQ. Installs them from the distribution's
# packages when they are missing and it can (apt-get, as root or with password-less sudo; set
# JOBS_NO_INSTALL=1 to forbid it), starts them if they are installed but stopped, and waits until they
# answer. When it can do neither, it says exactly what to install. Hosts and ports come from the same
# environment variables the application and the tests read. It never stops a running service.
set -euo pipefail

PGHOST="${JOBS_DB_HOST:-127.0.0.1}"
PGPORT="${JOBS_DB_PORT:-5432}"
PGUSER="${JOBS_DB_USER:-postgres}"
RABBIT_HOST="${JOBS_RABBIT_HOST:-127.0.0.1}"
RABBIT_PORT="${JOBS_RABBIT_PORT:-5672}"
DATABASES="${JOBS_DATABASES:-jobs jobs_test jobs_chaos}"

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

is_local() { [[ "$1" == 127.0.0.1 || "$1" == localhost || "$1" == ::1 ]]; }

# Runs a command as root: directly, or through sudo when that needs no password (never prompts).
as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo -n "$@"
  else return 1
  fi
}

can_install() {
  [[ "${JOBS_NO_INSTALL:-0}" != 1 ]] && command -v apt-get >/dev/null 2>&1 \
    && { [[ "$(id -u)" -eq 0 ]] || { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }; }
}

APT_UPDATED=0
install_packages() { # package...
  can_install || return 1
  echo "services: installing $* from the distribution's packages (apt-get; JOBS_NO_INSTALL=1 forbids this)"
  if [[ "$APT_UPDATED" == 0 ]]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq || return 1
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# Says what to install when this script cannot, and stops.
cannot_install() { # what packages
  local why="it needs apt-get and root or password-less sudo"
  [[ "${JOBS_NO_INSTALL:-0}" == 1 ]] && why="JOBS_NO_INSTALL=1"
  cat >&2 <<HELP
services: $1 is not installed on this machine and this script did not install it ($why).
Install it, then run the same command again:
  Debian/Ubuntu:  sudo apt-get install -y $2
  Fedora/RHEL:    sudo dnf install -y postgresql-server postgresql rabbitmq-server  (then: sudo postgresql-setup --initdb)
  macOS:          brew install postgresql@15 rabbitmq && brew services start postgresql@15 && brew services start rabbitmq
Or run the services in containers, reachable as this script expects:
  docker run -d --name jobs-postgres -p 127.0.0.1:5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres:15
  docker run -d --name jobs-rabbitmq -p 127.0.0.1:5672:5672 -p 127.0.0.1:15672:15672 \\
    -e RABBITMQ_DEFAULT_USER=jobs -e RABBITMQ_DEFAULT_PASS=jobs rabbitmq:3-management
  export JOBS_RABBIT_USER=jobs JOBS_RABBIT_PASSWORD=jobs   # RabbitMQ's guest account only works from the broker's own host
Or run the whole platform with no local install: docker compose up --build (see docker-compose.yml).
HELP
  exit 1
}

# A cluster this script just installed accepts local TCP connections without a password, as the
# application's defaults expect (JOBS_DB_USER=postgres, no JOBS_DB_PASSWORD). Only ever done to a fresh install.
trust_local_connections() {
  local hba
  for hba in /etc/postgresql/*/main/pg_hba.conf; do
    [[ -f "$hba" ]] || continue
    grep -q '^# jobs: local trust' "$hba" && continue
    echo "services: letting local TCP connections in without a password ($hba; a fresh install for development)"
    as_root sh -c "printf '%s\\n' '# jobs: local trust for development (added by scripts/services.sh on install)' \
      'host all all 127.0.0.1/32 trust' 'host all all ::1/128 trust' | cat - '$hba' > '$hba.jobs' \
      && mv '$hba.jobs' '$hba' && chown postgres:postgres '$hba'" || true
  done
}

start_local_postgres() {
  local version
  for version in $(ls /etc/postgresql 2>/dev/null); do
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
      || pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    # Picks up a pg_hba.conf just written by trust_local_connections when the cluster was already up.
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload 2>/dev/null || true
  done
}

# Missing pieces first: the servers (when they should run on this machine) and the psql client used below.
if is_local "$PGHOST" && ! port_open "$PGHOST" "$PGPORT" && ! command -v pg_ctlcluster >/dev/null 2>&1; then
  install_packages postgresql postgresql-client || cannot_install PostgreSQL "postgresql postgresql-client rabbitmq-server"
  trust_local_connections
fi
if ! command -v psql >/dev/null 2>&1; then
  install_packages postgresql-client || cannot_install "The PostgreSQL client (psql)" postgresql-client
fi
if is_local "$RABBIT_HOST" && ! port_open "$RABBIT_HOST" "$RABBIT_PORT" && ! command -v rabbitmq-server >/dev/null 2>&1; then
  install_packages rabbitmq-server || cannot_install RabbitMQ "rabbitmq-server"
fi

wait_for() { # name host port seconds
  local i
  for ((i = 0; i < $4 * 5; i++)); do
    port_open "$2" "$3" && return 0
    sleep 0.2
  done
  echo "services: $1 is not answering on $2:$3 after $4 s" >&2
  return 1
}

if ! port_open "$PGHOST" "$PGPORT"; then
  if is_local "$PGHOST" && command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "services: starting PostgreSQL"
    start_local_postgres
  fi
  wait_for PostgreSQL "$PGHOST" "$PGPORT" 60 || {
    echo "services: start PostgreSQL at $PGHOST:$PGPORT, or set JOBS_DB_HOST/JOBS_DB_PORT to where it runs" >&2
    exit 1
  }
fi
export PGPASSWORD="${JOBS_DB_PASSWORD:-}"
for _ in $(seq 1 50); do
  psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -Atqc 'select 1' >/dev/null 2>&1 && break
  sleep 0.2
done
if ! psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
  echo "services: PostgreSQL at $PGHOST:$PGPORT answers but refuses user $PGUSER:" >&2
  psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -Atqc 'select 1' 2>&1 | head -3 >&2 || true
  echo "services: set JOBS_DB_USER/JOBS_DB_PASSWORD to an account that may create databases" >&2
  exit 1
fi
for db in $DATABASES; do
  # Test databases are disposable. One made before the platform kept its tables in a schema of its own has them
  # in public, and the platform refuses to start on it (it would leave those jobs behind): make it anew.
  if [[ "$db" == *_test || "$db" == *_chaos ]] \
      && psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$db" -Atqc "select to_regclass('public.jobs_schema_history') is not null" 2>/dev/null | grep -q t; then
    echo "services: test database $db holds the platform's tables in public (an older layout); making it anew"
    psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -qc "drop database $db with (force)"
  fi
  if ! psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -Atqc "select 1 from pg_database where datname = '$db'" | grep -q 1; then
    echo "services: creating database $db"
    psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -qc "create database $db"
  fi
done

amqp_answers() { # host port: does the broker open an AMQP handshake within 10 s?
  local reply
  reply=$(timeout 10 bash -c "exec 3<>/dev/tcp/$1/$2; printf 'AMQP\x00\x00\x09\x01' >&3; head -c 1 <&3 | od -An -tx1" 2>/dev/null) || return 1
  [[ "$reply" == *01* ]]
}

rabbit_is_local() {
  [[ "$RABBIT_HOST" == 127.0.0.1 || "$RABBIT_HOST" == localhost ]]
}

start_local_rabbit() {
  command -v rabbitmq-server >/dev/null 2>&1 || return 0
  rabbitmq-server -detached || true
  # Right after -detached the node may not be registered yet: await_startup then fails at once.
  for _ in $(seq 1 45); do
    timeout 10 rabbitmqctl await_startup --timeout 8 >/dev/null 2>&1 && return 0
    sleep 2
  done
}

if ! port_open "$RABBIT_HOST" "$RABBIT_PORT"; then
  echo "services: starting RabbitMQ"
  start_local_rabbit
  wait_for RabbitMQ "$RABBIT_HOST" "$RABBIT_PORT" 60
fi
# A broker can accept TCP connections and still never answer (seen after an interrupted restart);
# every test would then hang on its connection. Restart a local one that does not shake hands.
if ! amqp_answers "$RABBIT_HOST" "$RABBIT_PORT"; then
  if rabbit_is_local && command -v rabbitmq-server >/dev/null 2>&1; then
    echo "services: RabbitMQ accepts connections but does not answer the AMQP handshake; restarting it"
    timeout 60 rabbitmqctl stop >/dev/null 2>&1 || true
    pkill -9 -u rabbitmq -f beam.smp 2>/dev/null || pkill -9 -f 'beam.smp.*rabbit' 2>/dev/null || true
    sleep 2
    start_local_rabbit
    wait_for RabbitMQ "$RABBIT_HOST" "$RABBIT_PORT" 60
  fi
  for _ in $(seq 1 30); do amqp_answers "$RABBIT_HOST" "$RABBIT_PORT" && break; sleep 2; done
  if ! amqp_answers "$RABBIT_HOST" "$RABBIT_PORT"; then
    echo "services: RabbitMQ at $RABBIT_HOST:$RABBIT_PORT does not answer the AMQP handshake; fix or restart it before running the tests" >&2
    exit 1
  fi
fi
# Quorum queues reserve file handles. With the default soft limit of 1024 open files, a broker that holds a
# few hundred queues (every test prefix declares ~150) stops answering new connections: it accepts them and
# never shakes hands. Let a local broker use its hard limit, now and on every later start.
RABBIT_ENV_CONF=/etc/rabbitmq/rabbitmq-env.conf
if rabbit_is_local && [[ -w "$RABBIT_ENV_CONF" ]] && ! grep -q 'ulimit -S -n' "$RABBIT_ENV_CONF"; then
  echo "services: letting RabbitMQ open more files ($RABBIT_ENV_CONF)"
  printf '\n# Quorum queues reserve file handles; 1024 makes the broker stop answering new connections.\nulimit -S -n "$(ulimit -H -n)" 2>/dev/null || true\n' >> "$RABBIT_ENV_CONF"
fi
if rabbit_is_local && command -v rabbitmqctl >/dev/null 2>&1; then
  handles=$(timeout 30 rabbitmqctl eval 'proplists:get_value(total_limit, file_handle_cache:info([total_limit])).' 2>/dev/null | tail -1 || true)
  if [[ "$handles" =~ ^[0-9]+$ ]] && (( handles < 4000 )) && grep -q 'ulimit -S -n' "$RABBIT_ENV_CONF" 2>/dev/null; then
    echo "services: RabbitMQ runs with a limit of $handles file handles; restarting it with its hard limit"
    timeout 60 rabbitmqctl stop >/dev/null 2>&1 || true
    pkill -9 -u rabbitmq -f beam.smp 2>/dev/null || true
    sleep 2
    start_local_rabbit
    wait_for RabbitMQ "$RABBIT_HOST" "$RABBIT_PORT" 60
    for _ in $(seq 1 30); do amqp_answers "$RABBIT_HOST" "$RABBIT_PORT" && break; sleep 2; done
  fi
fi
# The queue gauges read unacknowledged message counts from the management API
# (jobs.metrics.management-api.url); the tests check them. Enable it on a local broker.
RABBIT_MANAGEMENT_PORT="${JOBS_RABBIT_MANAGEMENT_PORT:-15672}"
if ! port_open "$RABBIT_HOST" "$RABBIT_MANAGEMENT_PORT"; then
  if rabbit_is_local && command -v rabbitmq-plugins >/dev/null 2>&1; then
    echo "services: enabling RabbitMQ's management plugin"
    timeout 120 rabbitmq-plugins enable rabbitmq_management >/dev/null || true
  fi
  wait_for "RabbitMQ management API" "$RABBIT_HOST" "$RABBIT_MANAGEMENT_PORT" 60 || \
    echo "services: without the management API the unacknowledged-count metrics test fails" >&2
fi
echo "services: PostgreSQL $PGHOST:$PGPORT and RabbitMQ $RABBIT_HOST:$RABBIT_PORT are up"
