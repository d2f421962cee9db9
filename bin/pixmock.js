#!/usr/bin/env node
// The published entry point: the CLI bundled by `npm run build` (run by `npm ci` via prepare).
import '../dist/bundle/pixmock.js';
