#!/usr/bin/env bash
# Makes docs/img/demo-report.png, the README's one screenshot: `sessctl demo --output html=…` (the
# two apps side by side, embedded store, no servers needed) in headless Chromium, light scheme,
# the top of the page. Rerun after a change to the HTML reports; it fails if the PNG reaches 150 kB.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || { echo "readme-screenshot: chromium missing (bash scripts/install-test-deps.sh)" >&2; exit 1; }
npm run build >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
node bin/sessctl.js demo --format json --output html="$tmp/demo.html" >/dev/null
sandbox=()
# Chromium will not start its sandbox as root (containers, CI).
if [ "$(id -u)" = 0 ]; then sandbox=(--no-sandbox); fi
chromium --headless "${sandbox[@]}" --disable-gpu --hide-scrollbars --disable-crash-reporter \
  --user-data-dir="$tmp/profile" --force-device-scale-factor=1 --window-size=1000,640 \
  --screenshot="$tmp/shot.png" "file://$tmp/demo.html" 2>/dev/null
out=docs/img/demo-report.png
cp "$tmp/shot.png" "$out"
size=$(stat -c %s "$out")
echo "readme-screenshot: $out, $size bytes"
if [ "$size" -ge 150000 ]; then echo "readme-screenshot: $out is $size bytes, over 150 kB" >&2; exit 1; fi
