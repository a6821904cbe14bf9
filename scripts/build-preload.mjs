// Bundles the sandboxed preload (main/shells/electron/preload.ts) into one CommonJS file,
// out/main/shells/electron/preload.cjs: a sandboxed preload can `require` only 'electron' (and a few
// polyfilled modules), so the contract constants it uses are inlined. Fails if anything else
// would be required at run time.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const outfile = 'out/main/shells/electron/preload.cjs';
await build({
  entryPoints: ['main/shells/electron/preload.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  external: ['electron'],
  outfile,
  target: 'node22',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
});
const requires = [...readFileSync(outfile, 'utf8').matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
const unexpected = requires.filter((r) => r !== 'electron');
if (unexpected.length > 0) {
  console.error(`build-preload: the sandboxed preload would require ${unexpected.join(', ')}; only 'electron' is available there`);
  process.exit(1);
}
console.log(`preload: ${outfile}`);
