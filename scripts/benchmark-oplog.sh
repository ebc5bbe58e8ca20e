#!/usr/bin/env bash
# Operation log benchmark (not a test; see docs/BENCHMARKS.md, section "oplog"): the same endpoint
# with and without @OperationLog under the same load, in alternating phases of one run (p50, p99):
# first closed loop (BENCH_THREADS clients, each sending when its last request answered), then open
# loop at one fixed rate for both endpoints (BENCH_OPEN_FRACTION, default 0.5, of the plain
# endpoint's closed-loop requests/s; latency from each request's scheduled send time, so stalls are
# not hidden by coordinated omission). Then the entries written per second by the batch consumer and
# end to end. Writes the figures to docs/BENCHMARKS.md between <!-- oplog:begin --> and
# <!-- oplog:end --> and prints them.
#
#   scripts/benchmark-oplog.sh                 # 8 client threads, 3 rounds of 10 s phases per loop kind
#   BENCH_THREADS=16 BENCH_PHASE_SECONDS=20 BENCH_OPEN_FRACTION=0.3 scripts/benchmark-oplog.sh
#   BENCH_JAVA_OPTS=-Dbench.jfr.dir=/tmp/prof scripts/benchmark-oplog.sh   # a JFR recording per phase
#
# Uses the database jobs_bench_oplog (recreated) and queues jobs-bench-oplog.* unless
# BENCH_DB_NAME / BENCH_PREFIX say otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

THREADS="${BENCH_THREADS:-8}"
PHASE_SECONDS="${BENCH_PHASE_SECONDS:-10}"
ROUNDS="${BENCH_ROUNDS:-3}"
OPEN_FRACTION="${BENCH_OPEN_FRACTION:-0.5}"
BACKLOG="${BENCH_BACKLOG:-100000}"
CALLS="${BENCH_CALLS:-100000}"
DB="${BENCH_DB_NAME:-jobs_bench_oplog}"
PREFIX="${BENCH_PREFIX:-jobs-bench-oplog}"
PGHOST="${JOBS_DB_HOST:-127.0.0.1}"
PGPORT="${JOBS_DB_PORT:-5432}"
PGUSER="${JOBS_DB_USER:-postgres}"

bash scripts/services.sh
echo "benchmark: recreating database $DB"
psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -qc "drop database if exists $DB" -c "create database $DB"

echo "benchmark: building"
./mvnw -q -B -ntp ${BENCH_MVN_OPTS:-} -pl platform-app -am -DskipTests package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/oplog-benchmark.classpath

MACHINE="Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)."

java -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "platform-app/target/test-classes:platform-app/target/classes:$(cat platform-app/target/oplog-benchmark.classpath)" \
  dev.jobs.bench.oplog.OperationLogBenchmark \
  --jdbc "jdbc:postgresql://$PGHOST:$PGPORT/$DB" --prefix "$PREFIX" \
  --threads "$THREADS" --phase-seconds "$PHASE_SECONDS" --rounds "$ROUNDS" --open-fraction "$OPEN_FRACTION" \
  --backlog "$BACKLOG" --calls "$CALLS" --doc docs/BENCHMARKS.md --machine "$MACHINE" \
  ${BENCH_OPLOG_SUMMARY:+--summary "$BENCH_OPLOG_SUMMARY"}
