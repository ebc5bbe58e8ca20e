#!/usr/bin/env bash
# Proves that an application outside this build can use the platform as a team would: installs the
# library modules only (the BOM, the starter, the core, the built-in types, the dashboard and the test
# kit; not the app, the benchmarks or the examples) into the local Maven repository, then builds
# outside-app/ (its own pom, spring-boot-starter-parent as its parent, the platform through the BOM)
# and runs its tests against the real PostgreSQL and RabbitMQ twice: without Spring Security and with it.
#
# Its own database and queue prefix: OUTSIDE_APP_DB_NAME (default jobs_outside_app, dropped and created
# again at every run, with the application's own tables first) and OUTSIDE_APP_BROKER_PREFIX (default jobs-outside-app); hosts and credentials from the
# same JOBS_DB_* and JOBS_RABBIT_* variables as the rest of the build.
set -euo pipefail
cd "$(dirname "$0")/.."

LIBRARY=jobs-bom,jobs-spring-boot-starter,job-platform-core,job-types,dashboard,job-platform-test

# The BOM has no parent (importing it must not import Spring Boot's management), so its version is
# written twice, and the outside application names it a third time: they must agree.
version_of() { sed -n '/<artifactId>'"$2"'<\/artifactId>/,/<version>/{s:.*<version>\(.*\)</version>.*:\1:p}' "$1" | head -1; }
reactor=$(version_of pom.xml jobs-parent)
bom=$(version_of jobs-bom/pom.xml jobs-bom)
outside=$(sed -n 's:.*<jobs.version>\(.*\)</jobs.version>.*:\1:p' outside-app/pom.xml)
if [[ "$reactor" != "$bom" || "$reactor" != "$outside" ]]; then
  echo "outside-app: versions disagree: reactor $reactor, jobs-bom $bom, outside-app's jobs.version $outside" >&2
  exit 1
fi

started=$SECONDS
./mvnw -B -ntp -q install -pl "$LIBRARY" -am -Dmaven.test.skip=true
echo "outside-app: library modules installed in $((SECONDS - started)) s"

export JOBS_TEST_DB_NAME="${OUTSIDE_APP_DB_NAME:-jobs_outside_app}"
export JOBS_TEST_BROKER_PREFIX="${OUTSIDE_APP_BROKER_PREFIX:-jobs-outside-app}"
# The services themselves are scripts/services.sh's business (.ci/run calls it first); only the
# database of this application's own is made here, anew at every run, as a team's database is before it adds
# the platform: the application's own tables first (one named job, in public) and no Flyway history table.
export PGHOST="${JOBS_DB_HOST:-127.0.0.1}" PGPORT="${JOBS_DB_PORT:-5432}" PGUSER="${JOBS_DB_USER:-postgres}" \
  PGPASSWORD="${JOBS_DB_PASSWORD:-}"
psql -d postgres -qc "drop database if exists \"$JOBS_TEST_DB_NAME\" with (force)"
psql -d postgres -qc "create database \"$JOBS_TEST_DB_NAME\""
psql -d "$JOBS_TEST_DB_NAME" -q -v ON_ERROR_STOP=1 -f outside-app/src/test/resources/db/before-the-platform.sql

started=$SECONDS
./mvnw -B -ntp -f outside-app/pom.xml verify
echo "outside-app: tests without Spring Security passed in $((SECONDS - started)) s"

started=$SECONDS
./mvnw -B -ntp -f outside-app/pom.xml verify -Psecured
echo "outside-app: tests with Spring Security passed in $((SECONDS - started)) s"
