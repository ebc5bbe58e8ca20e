#!/usr/bin/env bash
# Tracing benchmark (not a test; see docs/BENCHMARKS.md, section "Tracing"): the platform without tracing and with
# it (100% sampling, every span exported over OTLP/HTTP to a receiver inside the benchmark's JVM that reads and
# discards each export), in alternating rounds of one run, each a fresh start: clients POST NOOP jobs for a fixed
# time (closed loop), then every job drains to SUCCEEDED. Writes the figures to docs/BENCHMARKS.md between
# <!-- tracing:begin --> and <!-- tracing:end --> and prints them.
#
#   flock /tmp/bench.lock scripts/benchmark-tracing.sh
#   BENCH_THREADS=16 BENCH_PHASE_SECONDS=30 BENCH_ROUNDS=3 scripts/benchmark-tracing.sh
#
# Uses the database jobs_bench_tracing (recreated) and queues jobs-bench-tracing.* unless BENCH_DB_NAME /
# BENCH_PREFIX say otherwise. BENCH_MVN_OPTS=-o builds offline; BENCH_SKIP_BUILD=1 runs what was built before.
set -euo pipefail
cd "$(dirname "$0")/.."

THREADS="${BENCH_THREADS:-8}"
PHASE_SECONDS="${BENCH_PHASE_SECONDS:-15}"
ROUNDS="${BENCH_ROUNDS:-2}"
DB="${BENCH_DB_NAME:-jobs_bench_tracing}"
PREFIX="${BENCH_PREFIX:-jobs-bench-tracing}"
PGHOST="${JOBS_DB_HOST:-127.0.0.1}"
PGPORT="${JOBS_DB_PORT:-5432}"
PGUSER="${JOBS_DB_USER:-postgres}"

if [ -z "${BENCH_NO_SERVICES:-}" ]; then
  bash scripts/services.sh
fi
echo "benchmark: recreating database $DB"
psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -qc "drop database if exists $DB" -c "create database $DB"

echo "benchmark: building"
[ -n "${BENCH_SKIP_BUILD:-}" ] || ./mvnw -q -B -ntp ${BENCH_MVN_OPTS:-} -pl platform-app -am -DskipTests package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/tracing-benchmark.classpath

MACHINE="Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)."

java -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "platform-app/target/test-classes:platform-app/target/classes:$(cat platform-app/target/tracing-benchmark.classpath)" \
  dev.jobs.bench.tracing.TracingBenchmark \
  --jdbc "jdbc:postgresql://$PGHOST:$PGPORT/$DB" --prefix "$PREFIX" \
  --threads "$THREADS" --phase-seconds "$PHASE_SECONDS" --rounds "$ROUNDS" \
  --doc docs/BENCHMARKS.md --machine "$MACHINE"
