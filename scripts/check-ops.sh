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

docker-compose -f docker-compose.yml config -q
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
