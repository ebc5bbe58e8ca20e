#!/usr/bin/env bash
# Makes sure headless Chromium and its driver are installed for the dashboard's browser tests
# (Debian packages chromium and chromium-driver). Installs them when missing: as root directly,
# otherwise through sudo. Without either, it says what to run and fails.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "browser: chromium and chromedriver are missing and this is not a Debian-like system;" >&2
  echo "browser: install Chromium and a matching ChromeDriver (on PATH as chromium and chromedriver)." >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  run=()
elif command -v sudo >/dev/null 2>&1; then
  run=(sudo)
else
  echo "browser: chromium and chromedriver are missing; run as root: apt-get install -y chromium chromium-driver" >&2
  exit 1
fi
echo "browser: installing chromium and chromium-driver for the dashboard's browser tests"
"${run[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null ||
  { "${run[@]}" apt-get update -q >/dev/null && "${run[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null; }
command -v chromium >/dev/null && command -v chromedriver >/dev/null
