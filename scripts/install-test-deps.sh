#!/usr/bin/env bash
# Installs the real servers and frameworks the test suite runs against, on Debian 12 (bookworm).
# Idempotent: does nothing for what is already there. Other systems: see docs/testing.md "Development".
set -euo pipefail

need=()
have() { command -v "$1" >/dev/null 2>&1; }
pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# valkey 8 (with CLIENT NO-TOUCH) is only in bookworm-backports.
if ! have valkey-server; then
  if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo "deb http://deb.debian.org/debian bookworm-backports main" | $SUDO tee /etc/apt/sources.list.d/backports.list >/dev/null
  fi
  need_backports=1
else
  need_backports=0
fi

# Servers, openssl (the TLS tests make a throwaway CA), the interop frameworks (Debian's own
# builds of Flask-Session, Django, PHP and Rack), stress-ng (the shake in docs/testing.md) and
# chromium with a font (the HTML report tests load each report in headless Chromium).
for p in redis-server redis-tools memcached openssl stress-ng chromium fonts-dejavu-core \
         python3-flask python3-flask-session python3-flask-cors python3-django python3-msgpack \
         php-cli php-redis php-memcached ruby ruby-redis-rack ruby-rack; do
  pkg_installed "$p" || need+=("$p")
done

if [ ${#need[@]} -gt 0 ] || [ "$need_backports" = 1 ]; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  if [ ${#need[@]} -gt 0 ]; then
    $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
  if [ "$need_backports" = 1 ]; then
    $SUDO apt-get install -y -qq --no-install-recommends -t bookworm-backports valkey-server valkey-tools >/dev/null
  fi
fi

# Debian starts the packaged daemons; the tests start their own on free ports, so stop these.
for svc in redis-server memcached valkey-server; do
  if have systemctl && systemctl is-active --quiet "$svc" 2>/dev/null; then $SUDO systemctl stop "$svc" || true; fi
done
for bin in redis-server valkey-server memcached chromium; do
  have "$bin" || { echo "install-test-deps: $bin is still missing" >&2; exit 1; }
done
echo "install-test-deps: redis $(redis-server --version | awk '{print $3}'), valkey $(valkey-server --version | awk '{print $3}'), memcached $(memcached -V | awk '{print $2}')"
