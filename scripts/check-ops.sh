#!/usr/bin/env bash
# Checks the operations files without a Docker engine or a Prometheus server:
# docker-compose.yml validates, the Prometheus config and alert rules load, the alert unit tests pass,
# the Grafana dashboard is valid JSON, and every metric the dashboard and alerts use is documented in
# docs/METRICS.md. Installs docker-compose and promtool from Debian when missing and running as root.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { # command debian-package
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "check-ops: installing $2 (for $1)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  fi
  command -v "$1" >/dev/null 2>&1 || { echo "check-ops: $1 is missing; install the Debian package $2" >&2; exit 1; }
}
need docker-compose docker-compose
need promtool prometheus

# The compose file has no working default credentials: without them it must refuse to start, and with
# them (placeholders here) it must validate and publish neither PostgreSQL nor AMQP.
no_env=$(mktemp); trap 'rm -f "$no_env"' EXIT
unset_all="-u POSTGRES_PASSWORD -u RABBITMQ_USER -u RABBITMQ_PASSWORD -u JOBS_ADMIN_PASSWORD -u GRAFANA_ADMIN_PASSWORD"
# shellcheck disable=SC2086
if env $unset_all docker-compose -f docker-compose.yml --env-file "$no_env" config -q 2>/dev/null; then
  echo "check-ops: docker-compose.yml starts without credentials; every password must come from .env" >&2
  exit 1
fi
placeholders="POSTGRES_PASSWORD=check RABBITMQ_USER=check RABBITMQ_PASSWORD=check JOBS_ADMIN_PASSWORD=check-password-1 GRAFANA_ADMIN_PASSWORD=check"
# shellcheck disable=SC2086
env $placeholders docker-compose -f docker-compose.yml --env-file "$no_env" config -q
# shellcheck disable=SC2086
if env $placeholders docker-compose -f docker-compose.yml --env-file "$no_env" config | grep -E '(:|target: )(5432|5672|15692|8081)(/tcp)?$'; then
  echo "check-ops: PostgreSQL, AMQP or a metrics port is published; keep them on the compose network" >&2
  exit 1
fi
promtool check config ops/prometheus/prometheus.yml >/dev/null
promtool check rules ops/prometheus/alerts.yml >/dev/null
promtool test rules ops/prometheus/alerts_test.yml
python3 -m json.tool ops/grafana/dashboards/jobs.json >/dev/null

missing=0
for metric in $(grep -ohE 'jobs_[a-z_]+' ops/grafana/dashboards/jobs.json ops/prometheus/alerts.yml | sort -u); do
  base=$(printf '%s' "$metric" | sed -E 's/_(bucket|count|sum)$//')
  if ! grep -q "\`$base\`" docs/METRICS.md; then
    echo "check-ops: $metric is used by the dashboard or alerts but not listed in docs/METRICS.md" >&2
    missing=1
  fi
done
[ "$missing" = 0 ]
echo "check-ops: compose file, Prometheus config, alert rules and tests, dashboard: all good"
