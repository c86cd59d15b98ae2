#!/usr/bin/env bash
# Extra system packages the interop tests and fixture scripts need beyond install-test-deps.sh.
# Kept separate so people on other systems can see what each part needs. Idempotent.
set -euo pipefail
exit 0
