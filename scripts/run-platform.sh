#!/usr/bin/env bash
# Runs the Jobs platform against PostgreSQL and RabbitMQ on this machine (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
exec ./mvnw -B -ntp -pl platform-app -am -DskipTests spring-boot:run "$@"
