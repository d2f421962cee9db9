#!/usr/bin/env node
// The published entry point: the CLI compiled by `npm run build` (run by `npm ci` via prepare).
import '../dist/cli/main.js';
