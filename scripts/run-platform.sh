#!/usr/bin/env bash
# Runs the Jobs platform against PostgreSQL and RabbitMQ on this machine (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
# The demo profile creates the demo accounts (admin/demo-admin, manager/demo-manager, user/demo-user)
# and demo employees and users; without it, the first start prints a generated admin password once.
exec ./mvnw -B -ntp -pl platform-app -am -DskipTests spring-boot:run -Dspring-boot.run.profiles=demo "$@"
