#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing (Chromium for the browser
# tests), so `npm test` passes on a fresh machine; `npm test` runs this first (pretest).
set -euo pipefail
missing=()
[ -x "${PIXMOCK_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  # Not Debian: the other tests still run; the browser tests then fail naming what to install.
  echo "pixmock: the browser tests need ${missing[*]}; install it, or set PIXMOCK_CHROMIUM to a Chromium binary." >&2
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "pixmock: installing ${missing[*]} for the browser tests (apt-get)" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
