#!/usr/bin/env bash
# Throughput benchmark: the engine end to end next to raw PostgreSQL and raw RabbitMQ, measured in the same run.
# Usage: scripts/benchmark.sh [jobs per run, default 20000] [client threads, default 8]
# Writes its figures to docs/BENCHMARKS.md. Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS_DATABASES="jobs_bench" bash scripts/services.sh
./mvnw -q -B -ntp -pl benchmarks -am -DskipTests package
exec java -Xmx1g -jar benchmarks/target/benchmarks-*.jar "$@"
