#!/usr/bin/env node
// The CLI is compiled by `npm run build` (tsc into out/, then bundled into out/bundle/cli/ by
// scripts/build-cli.mjs); this shim only points at it.
import '../out/bundle/cli/main.js';
