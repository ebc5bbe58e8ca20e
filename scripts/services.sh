#!/usr/bin/env bash
# Makes sure the services the platform and its tests need are up on this machine:
# PostgreSQL (with databases jobs and jobs_test) and RabbitMQ. Starts them if they are
# installed locally but stopped; waits until they answer. Hosts and ports come from the
# same environment variables the application and the tests read.
set -euo pipefail

PGHOST="${JOBS_DB_HOST:-127.0.0.1}"
PGPORT="${JOBS_DB_PORT:-5432}"
PGUSER="${JOBS_DB_USER:-postgres}"
RABBIT_HOST="${JOBS_RABBIT_HOST:-127.0.0.1}"
RABBIT_PORT="${JOBS_RABBIT_PORT:-5672}"
DATABASES="${JOBS_DATABASES:-jobs jobs_test jobs_chaos}"

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

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
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "services: starting PostgreSQL"
    for version in $(ls /etc/postgresql 2>/dev/null); do
      pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    done
  fi
  wait_for PostgreSQL "$PGHOST" "$PGPORT" 60
fi
for _ in $(seq 1 50); do
  psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -Atqc 'select 1' >/dev/null 2>&1 && break
  sleep 0.2
done
for db in $DATABASES; do
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
