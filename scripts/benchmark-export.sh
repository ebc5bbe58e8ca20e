#!/usr/bin/env bash
# Export benchmark (not a test; see docs/BENCHMARKS.md): starts the platform with its heap capped
# (default -Xmx256m) on a fresh database of generated employees (default 1,000,000), exports them
# through the real job path, and writes the same rows with EasyExcel alone from memory, in the
# same run. Writes the figures to docs/BENCHMARKS.md (section "exports") and prints them.
#
#   scripts/benchmark-export.sh                        # 1,000,000 rows, XLSX and CSV, 2 runs each
#   BENCH_ROWS=100000 BENCH_FORMATS=XLSX scripts/benchmark-export.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS="${BENCH_ROWS:-1000000}"
RUNS="${BENCH_RUNS:-2}"
FORMATS="${BENCH_FORMATS:-XLSX,CSV}"
APP_HEAP="${BENCH_APP_HEAP:-256m}"
PORT="${BENCH_PORT:-18080}"
DB="${BENCH_DB_NAME:-jobs_bench}"
PGHOST="${JOBS_DB_HOST:-127.0.0.1}"
PGPORT="${JOBS_DB_PORT:-5432}"
PGUSER="${JOBS_DB_USER:-postgres}"
ZONE="${BENCH_ZONE:-Asia/Shanghai}"
ADMIN_PASSWORD="bench-admin-$RANDOM$RANDOM"

bash scripts/services.sh
echo "benchmark: recreating database $DB"
psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -qc "drop database if exists $DB" -c "create database $DB"

echo "benchmark: building"
./mvnw -q -B -ntp -pl platform-app -am -DskipTests package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/benchmark.classpath
JAR=$(ls platform-app/target/platform-app-*.jar | grep -v original | head -1)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/jobs-benchmark.XXXXXX")
echo "benchmark: starting the platform (-Xmx$APP_HEAP), loading $ROWS employees; log in $WORK/app.log"
JOBS_DB_NAME="$DB" JOBS_ADMIN_PASSWORD="$ADMIN_PASSWORD" java -Xmx"$APP_HEAP" -Duser.timezone="$ZONE" -jar "$JAR" \
  --server.port="$PORT" --management.server.port="$((PORT + 1))" \
  --jobs.broker.prefix=jobs-bench \
  --jobs.diagnostics.enabled=false \
  --jobs.results.directory="$WORK/results" \
  --jobs.exports.zone="$ZONE" \
  --demo.data.enabled=true --demo.data.employees="$ROWS" --demo.data.deleted-ratio=0 \
  >"$WORK/app.log" 2>&1 &
APP_PID=$!
cleanup() {
  kill "$APP_PID" 2>/dev/null || true
  wait "$APP_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

MACHINE="Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB RAM; $(java -version 2>&1 | head -1); $(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -Atc 'select version()' | cut -d, -f1)."

# The loader runs before the platform reports ready; the driver waits for readiness. The fresh
# database has no super admin, so the first start creates admin with JOBS_ADMIN_PASSWORD.
java -Xmx3g -cp "platform-app/target/test-classes:platform-app/target/classes:$(cat platform-app/target/benchmark.classpath)" \
  dev.jobs.app.benchmark.ExportBenchmark \
  --url "http://127.0.0.1:$PORT" --management-url "http://127.0.0.1:$((PORT + 1))" --auth "admin:$ADMIN_PASSWORD" \
  --jdbc "jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
  --app-pid "$APP_PID" --app-heap "$APP_HEAP" \
  --runs "$RUNS" --formats "$FORMATS" --zone "$ZONE" --scratch "$WORK" --app-log "$WORK/app.log" \
  --doc docs/BENCHMARKS.md --machine "$MACHINE"
