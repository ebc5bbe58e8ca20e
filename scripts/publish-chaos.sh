#!/usr/bin/env bash
# Copies the chaos suite's last measured tables (platform-app/target/chaos-report.md, written by ChaosIT)
# into docs/RELIABILITY.md, between <!-- chaos:begin --> and <!-- chaos:end -->. The suite itself never
# rewrites a tracked file; run this after a run whose figures you mean to publish, and commit the diff.
set -euo pipefail
cd "$(dirname "$0")/.."
report=platform-app/target/chaos-report.md
doc=docs/RELIABILITY.md
if [[ ! -s $report ]]; then
  echo "No $report: run the chaos suite first (./mvnw -pl platform-app -am verify)." >&2
  exit 1
fi
if ! grep -q '<!-- chaos:begin -->' "$doc" || ! grep -q '<!-- chaos:end -->' "$doc"; then
  echo "$doc has no <!-- chaos:begin --> ... <!-- chaos:end --> markers to replace." >&2
  exit 1
fi
tmp=$(mktemp)
awk -v report="$report" '
  /<!-- chaos:begin -->/ { while ((getline line < report) > 0) print line; skipping = 1; next }
  /<!-- chaos:end -->/ && skipping { skipping = 0; next }
  !skipping { print }
' "$doc" > "$tmp"
mv "$tmp" "$doc"
echo "Published $report into $doc"
