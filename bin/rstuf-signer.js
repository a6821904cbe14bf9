#!/usr/bin/env node
// The CLI is compiled by `npm run build` into out/; this shim only points at it.
import '../out/main/cli/main.js';
