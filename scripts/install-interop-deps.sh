#!/usr/bin/env bash
# System packages the interop tests and fixture scripts need beyond scripts/install-test-deps.sh:
# client libraries the frameworks use to reach Redis and memcached, and the auth layers the fixture
# scripts log in with (Flask-Login, Warden). Idempotent.
set -euo pipefail
SUDO=""; [ "$(id -u)" != 0 ] && SUDO="sudo"
need=()
for p in python3-redis python3-pymemcache python3-pylibmc python3-cachelib python3-flask-login python3-django-redis ruby-dalli ruby-connection-pool ruby-warden php-igbinary; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
echo "install-interop-deps: ok"
