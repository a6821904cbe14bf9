// Preloaded into a CLI child (NODE_OPTIONS=--require) by the kill-mid-export tests.
// RSTUF_TEST_PAUSE="<fs function>:<marker file>" makes the first call of that fs function (e.g.
// renameSync, the moment an atomic write puts its temp file in place) write the marker and block,
// so the test can SIGKILL the process at exactly that point. The product code is not changed.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload for node --require */
'use strict';
const fs = require('node:fs');
const { syncBuiltinESMExports } = require('node:module');

const spec = process.env.RSTUF_TEST_PAUSE;
if (spec) {
  const sep = spec.indexOf(':');
  const name = spec.slice(0, sep);
  const marker = spec.slice(sep + 1);
  const original = fs[name];
  let paused = false;
  fs[name] = function pausedOnce(...args) {
    if (!paused) {
      paused = true;
      fs.writeFileSync(marker, JSON.stringify({ pid: process.pid, args: args.map(String) }));
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
    }
    return original.apply(this, args);
  };
  // ESM `import { renameSync } from 'node:fs'` sees the patched function only after this.
  syncBuiltinESMExports();
}
