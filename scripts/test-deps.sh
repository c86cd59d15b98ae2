#!/usr/bin/env bash
# npm's pretest: the suite runs real servers and frameworks, so a fresh machine gets them here.
# With root (or passwordless sudo) the idempotent install scripts run; otherwise this fails at once
# with the exact command, before anything is built.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ] || sudo -n true 2>/dev/null; then
  bash scripts/install-test-deps.sh
  bash scripts/install-interop-deps.sh
  exit 0
fi
missing=()
for bin in redis-server valkey-server memcached chromium /usr/bin/python3 php ruby; do
  command -v "$bin" >/dev/null 2>&1 || missing+=("$bin")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "npm test: missing ${missing[*]}; install the test servers and frameworks first:" >&2
  echo "  sudo bash scripts/install-test-deps.sh && sudo bash scripts/install-interop-deps.sh" >&2
  exit 1
fi
