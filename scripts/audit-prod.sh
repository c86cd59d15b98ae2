#!/usr/bin/env bash
# npm audit of the production dependencies (what `npm install sessctl` brings), for CI.
# Findings are printed in full; high or critical ones fail the run, since a known serious hole in
# what users install should stop a release. A registry that cannot be reached (offline machines,
# mirrors without the advisories endpoint) cannot judge anything: that is said, and CI goes on.
set -uo pipefail
cd "$(dirname "$0")/.."
json=$(npm audit --omit=dev --json 2>/dev/null)
verdict=$(node -e '
  let r;
  try { r = JSON.parse(process.argv[1]); } catch { r = { error: true }; }
  if (r.error || !r.metadata) { console.log("unreachable"); process.exit(0); }
  const v = r.metadata.vulnerabilities;
  console.log(v.high + v.critical > 0 ? "fail" : v.total > 0 ? "findings" : "clean");
' "$json")
case "$verdict" in
  unreachable) echo "npm audit: the registry's advisory endpoint could not be reached; production dependencies not audited (see docs/security.md for their versions)" ;;
  clean) echo "npm audit: no known vulnerabilities in production dependencies" ;;
  findings) npm audit --omit=dev; echo "npm audit: findings above are below high severity; not failing" ;;
  fail) npm audit --omit=dev; echo "npm audit: high or critical vulnerabilities in production dependencies"; exit 1 ;;
esac
