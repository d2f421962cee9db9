#!/usr/bin/env bash
# Prints each upstream's request journal, then stops the pixmock start.sh started and shows its log.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="${PIXMOCK_HOME:-${RUNNER_TEMP:-/tmp}/pixmock}"
if [ ! -f "$home/pid" ]; then
  echo "pixmock: nothing to stop: $home/pid is missing (did the start step run?)"
  exit 0
fi
pid="$(cat "$home/pid")"
if [ -s "$home/serve.out" ]; then node "$here/print-journal.mjs" "$home/serve.out"; fi
if kill "$pid" 2>/dev/null; then
  # pixmock serve lets requests in flight finish, then exits; wait for it, bounded.
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
fi
rm -f "$home/pid"
if [ -s "$home/serve.log" ]; then
  echo "pixmock: its log:"
  cat "$home/serve.log"
fi
