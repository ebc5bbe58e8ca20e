#!/usr/bin/env bash
# The API description must pass Spectral's spectral:oas ruleset (.spectral.yaml) with no error and no
# warning. Lints platform-app/target/api-docs/openapi.json, which ApiDescriptionIntegrationTest writes
# from the running platform's /v3/api-docs (with every module) during the build; when it is missing,
# runs that test first. Spectral is pinned in scripts/spectral/package-lock.json and installed under
# target/spectral (npm ci, install scripts off), so nothing outside target/ changes.
set -euo pipefail
cd "$(dirname "$0")/.."

DESCRIPTION=platform-app/target/api-docs/openapi.json
if [[ ! -f "$DESCRIPTION" ]]; then
  ./mvnw -B -ntp -q -pl platform-app -am verify -Dtest=ApiDescriptionIntegrationTest \
    -Dsurefire.failIfNoSpecifiedTests=false -Dchaos.skip=true -DskipITs
fi

SPECTRAL_DIR=target/spectral
if ! cmp -s scripts/spectral/package-lock.json "$SPECTRAL_DIR/package-lock.json" \
    || [[ ! -x "$SPECTRAL_DIR/node_modules/.bin/spectral" ]]; then
  mkdir -p "$SPECTRAL_DIR"
  cp scripts/spectral/package.json scripts/spectral/package-lock.json "$SPECTRAL_DIR/"
  (cd "$SPECTRAL_DIR" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

"$SPECTRAL_DIR/node_modules/.bin/spectral" lint "$DESCRIPTION" --ruleset .spectral.yaml --fail-severity=warn
