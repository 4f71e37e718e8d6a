#!/usr/bin/env bash
# Runs every test: domain unit, bUnit component and integration tests (Loyalty.Tests) and the
# Playwright E2E tests (Loyalty.E2E). Installs what a fresh Debian machine lacks: Chromium (E2E), redis-server
# (the scale-out tests) and Node.js/npm (the build brings the SignalR JavaScript client from npm).
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing from Debian: ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

dotnet tool restore >/dev/null
dotnet build Loyalty.Web.sln -nologo -v q

log=$(mktemp)
status=0
dotnet test Loyalty.Web.sln --no-build -nologo 2>&1 | tee "$log" || status=$?

# One closing line for all test assemblies, e.g. "Tests: 42 passed, 0 failed, 0 skipped".
sum() { grep -oE "$1: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}'; }
echo "Tests: $(sum Passed) passed, $(sum Failed) failed, $(sum Skipped) skipped"
rm -f "$log"
exit $status
