#!/usr/bin/env bash
# Runs the whole test suite against PostgreSQL and RabbitMQ on this machine (see README): the Maven build, then,
# on a full run (no arguments), the API description's Spectral check and the application outside the build
# (scripts/outside-app.sh), as CI does. Arguments go to Maven and skip the two checks after it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
bash scripts/browser.sh
./mvnw -B -ntp verify "$@"
if [ "$#" -eq 0 ]; then
  bash scripts/check-api-description.sh
  bash scripts/outside-app.sh
fi
