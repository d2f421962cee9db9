#!/usr/bin/env bash
# Starts `pixmock serve --json` in the background with the flags in PIXMOCK_ARGS, waits for its one
# ready line and writes each upstream's URL and demo credentials to GITHUB_OUTPUT
# (chatfire-url, chatfire-api-key, …, seed, ready). The process id and its output stay in
# PIXMOCK_HOME for stop.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="${PIXMOCK_HOME:-${RUNNER_TEMP:-/tmp}/pixmock}"
# Words on purpose: a test runs it as "node --import tsx src/cli/main.ts".
read -r -a bin <<<"${PIXMOCK_BIN:-$home/node_modules/.bin/pixmock}"
read -r -a args <<<"${PIXMOCK_ARGS:-}"
timeout_ms="${PIXMOCK_READY_TIMEOUT_MS:-60000}"
: "${GITHUB_OUTPUT:?GITHUB_OUTPUT must name the file the step outputs go to}"

mkdir -p "$home"
nohup "${bin[@]}" serve --json "${args[@]}" >"$home/serve.out" 2>"$home/serve.log" </dev/null &
pid=$!
echo "$pid" >"$home/pid"

# Whole seconds (bash's SECONDS), rounded up: no date(1) flag every runner has.
deadline=$((SECONDS + (timeout_ms + 999) / 1000))
# The ready line is complete once a newline follows it.
until [ "$(wc -l <"$home/serve.out")" -ge 1 ]; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "pixmock: Failed to start: pixmock serve exited before it was ready. Its log:" >&2
    cat "$home/serve.log" >&2
    rm -f "$home/pid"
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "pixmock: Failed to start: no ready line within ${timeout_ms} ms. Raise timeout, or read its log:" >&2
    cat "$home/serve.log" >&2
    kill "$pid" 2>/dev/null || true
    rm -f "$home/pid"
    exit 1
  fi
  sleep 0.1
done

node "$here/ready-outputs.mjs" "$home/serve.out" >>"$GITHUB_OUTPUT"
echo "pixmock: ready (pid $pid): $(head -n 1 "$home/serve.out")"
