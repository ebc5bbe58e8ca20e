#!/usr/bin/env bash
# Runs the whole test suite against PostgreSQL and RabbitMQ on this machine (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
bash scripts/browser.sh
exec ./mvnw -B -ntp verify "$@"
