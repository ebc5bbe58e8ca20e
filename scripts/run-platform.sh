#!/usr/bin/env bash
# Runs the Jobs platform against PostgreSQL and RabbitMQ on this machine (see README).
# Extra arguments go to the application, e.g. --server.port=9090.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
./mvnw -B -ntp -q -pl platform-app -am -DskipTests package
jar=$(ls platform-app/target/platform-app-*.jar | grep -v -- '-plain\|sources' | head -n 1)
# The demo profile creates the demo accounts (admin/demo-admin-password, manager/demo-manager-password, user/demo-user-password)
# and demo employees and users; without it (java -jar "$jar"), the first start prints a generated
# admin password once, or takes it from JOBS_ADMIN_PASSWORD.
exec java -jar "$jar" --spring.profiles.active="${JOBS_PROFILES:-demo}" "$@"
