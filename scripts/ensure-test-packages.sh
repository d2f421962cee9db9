#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing (Chromium for the browser
# tests, redis-server for the tests of replicas sharing Redis), so `npm test` passes on a fresh
# machine; `npm test` runs this first (pretest).
set -euo pipefail
missing=()
[ -x "${PIXMOCK_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v "${PIXMOCK_REDIS_SERVER:-redis-server}" >/dev/null || missing+=(redis-server)
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  # Not Debian: the other tests still run; the browser and Redis tests then fail naming what to install.
  echo "pixmock: the tests need ${missing[*]}; install it, or set PIXMOCK_CHROMIUM / PIXMOCK_REDIS_SERVER to the binary." >&2
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "pixmock: installing ${missing[*]} for the tests (apt-get)" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
