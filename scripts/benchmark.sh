#!/usr/bin/env bash
# Throughput benchmark suite (not a test; see docs/BENCHMARKS.md), everything measured in one run:
#  - throughput of 20,000 NOOP jobs through the Java API (submit and submitAll) and over HTTP with an
#    API token, next to a raw three-commit PostgreSQL loop, raw RabbitMQ, db-scheduler and JobRunr;
#  - NOOP jobs over POST /api/jobs/bulk (100 per request) next to submitAll;
#  - submission latency at a third of one instance's measured capacity (or BENCH_LATENCY_RATE) next to a
#    trivial authenticated endpoint at the same rate;
#  - scale-out: one and two platform instances on the same broker and database;
#  - first, the cost of @OperationLog (scripts/benchmark-oplog.sh, 5 rounds), whose open-loop ratios join the
#    targets line and the table of runs (BENCH_SKIP_OPLOG=1 leaves it out).
# Usage: scripts/benchmark.sh [jobs per run, default 20000] [client threads, default 8]
#   BENCH_HTTP_CLIENTS (16), BENCH_LATENCY_RATE (default: a third of the HTTP row's jobs/s),
#   BENCH_LATENCY_SECONDS (20), BENCH_SKIP_HTTP=1
# Uses (and recreates) the databases jobs_bench and jobs_bench_oplog and the queues jobs-bench*.*; writes
# docs/BENCHMARKS.md (each full run adds a line to its table of runs).
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS_DATABASES="jobs_bench" bash scripts/services.sh
OPLOG_SUMMARY=""
if [ "${BENCH_SKIP_OPLOG:-0}" != "1" ] && [ "${BENCH_SKIP_HTTP:-0}" != "1" ] && [ -z "${BENCH_PARTS:-}" ]; then
  mkdir -p target
  OPLOG_SUMMARY="$PWD/target/benchmark-oplog-summary.properties"
  rm -f "$OPLOG_SUMMARY"
  BENCH_ROUNDS="${BENCH_ROUNDS:-5}" BENCH_OPLOG_SUMMARY="$OPLOG_SUMMARY" bash scripts/benchmark-oplog.sh
fi
./mvnw -q -B -ntp ${BENCH_MVN_OPTS:-} -pl benchmarks,platform-app -am -DskipTests package
APP_JAR=""
if [ "${BENCH_SKIP_HTTP:-0}" != "1" ]; then
  APP_JAR=$(ls platform-app/target/platform-app-*.jar | grep -v original | head -1)
fi
BENCH_OPLOG_SUMMARY="$OPLOG_SUMMARY" BENCH_APP_JAR="$APP_JAR" exec java -Xmx1g -jar benchmarks/target/benchmarks-*.jar "$@"
