#!/usr/bin/env bash
# Failure groups at a million failed jobs (not a test; issue 22): recreates the database jobs_bench_failuregroups
# (BENCH_DB_NAME), migrates the core's tables, writes 1,000,000 FAILED jobs in 50 groups (arguments: failed jobs,
# groups) and times what GET /api/failure-groups, a group's page and the overview ask, with their plans. Writes
# benchmarks/target/failure-groups-benchmark.md and prints it. Expects PostgreSQL running (scripts/services.sh).
#
#   scripts/benchmark-failure-groups.sh                  # 1,000,000 failed jobs, 50 groups
#   flock /tmp/bench.lock scripts/benchmark-failure-groups.sh 1000000 500
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp ${BENCH_MVN_OPTS:-} -pl benchmarks -am -DskipTests package
JAR=$(ls benchmarks/target/benchmarks-*.jar | grep -v original | head -1)
exec java -Xmx512m -cp "$JAR" -Dloader.main=dev.jobs.bench.FailureGroupsBench \
  org.springframework.boot.loader.launch.PropertiesLauncher "$@"
