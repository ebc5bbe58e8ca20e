#!/usr/bin/env bash
# Batches (not a test; issue 23): the submit of 10,000 NOOP jobs as one batch next to one submitAll of the same jobs,
# and 10,000 queued NOOP jobs drained by two instances with and without a batch, in one run, with the row updates the
# batch's tables took per member. Recreates the database jobs_bench (JOBS_BENCH_DB_NAME) and uses the queues
# jobs-bench.*. Writes benchmarks/target/batches-benchmark.md and prints it; docs/BENCHMARKS.md quotes it.
#
#   scripts/benchmark-batches.sh            # 10,000 members
#   flock /tmp/bench.lock scripts/benchmark-batches.sh 20000
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp ${BENCH_MVN_OPTS:-} -pl benchmarks -am -DskipTests package
JAR=$(ls benchmarks/target/benchmarks-*.jar | grep -v original | head -1)
exec java -Xmx1g -cp "$JAR" -Dloader.main=dev.jobs.bench.BatchBench \
  org.springframework.boot.loader.launch.PropertiesLauncher "$@"
