#!/usr/bin/env bash
# Installs pixmock (any npm spec: pixmock, pixmock@0.1.0, github:<owner>/pixmock#<ref>) into its own
# folder, so it never touches the user's package.json or node_modules.
set -euo pipefail
home="${PIXMOCK_HOME:-${RUNNER_TEMP:-/tmp}/pixmock}"
mkdir -p "$home"
npm install --prefix "$home" --no-save --no-audit --no-fund "${PIXMOCK_PACKAGE:-pixmock}"
