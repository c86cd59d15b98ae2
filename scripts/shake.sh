#!/usr/bin/env bash
# The shake: the whole suite, N rounds, beside CPU hogs, as a loaded CI machine runs it.
#   bash scripts/shake.sh [rounds=5] [hogs=2]
# Prints each round's failed tests and exits 1 if any round failed. Needs stress-ng
# (scripts/install-test-deps.sh installs it). Timing flakes show up here, not on a quiet laptop.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-5}"
hogs="${2:-2}"
command -v stress-ng >/dev/null || { echo "shake: stress-ng is missing: apt-get install stress-ng (or bash scripts/install-test-deps.sh)" >&2; exit 2; }

npm run build >/dev/null
stress-ng --cpu "$hogs" --timeout 0 --quiet &
hog=$!
trap 'kill "$hog" 2>/dev/null || true' EXIT

failed=0
logs="$(mktemp -d -t sessctl-shake-XXXXXX)"
echo "shake: $rounds rounds beside $hogs CPU hogs; logs in $logs"
for i in $(seq 1 "$rounds"); do
  out="$logs/round-$i.json"
  start=$(date +%s)
  if npx vitest run --reporter=dot --reporter=json --outputFile="$out" >"$logs/round-$i.log" 2>&1; then status=green; else status=red; failed=1; fi
  [ -s "$out" ] || { echo "round $i: $status, no JSON report (see $logs/round-$i.log)"; continue; }
  node -e '
    const r = require(process.argv[1]);
    const bad = r.testResults.flatMap((f) => f.assertionResults.filter((a) => a.status === "failed").map((a) => `    ${f.name.replace(process.cwd() + "/", "")} > ${a.fullName}`));
    const files = r.testResults.filter((f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed")).map((f) => `    ${f.name.replace(process.cwd() + "/", "")}: ${(f.message || "").split("\n")[0]}`);
    console.log(`round ${process.argv[2]}: ${process.argv[3]}, ${r.numPassedTests} passed, ${r.numFailedTests} failed (${process.argv[4]} s)`);
    for (const l of [...bad, ...files]) console.log(l);
  ' "$out" "$i" "$status" "$(( $(date +%s) - start ))"
done
exit "$failed"
