// Bundles the sandboxed preloads into one CommonJS file each: the app's (main/shells/electron/preload.ts
// -> preload.cjs) and the secret prompt's (secret-preload.ts -> secret-preload.cjs, see
// secret-window.ts). A sandboxed preload can `require` only 'electron' (and a few polyfilled
// modules), so the contract constants it uses are inlined. Fails if anything else would be required
// at run time.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

for (const name of ['preload', 'secret-preload']) {
  const outfile = `out/main/shells/electron/${name}.cjs`;
  await build({
    entryPoints: [`main/shells/electron/${name}.ts`],
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
    console.error(`build-preload: the sandboxed preload ${name} would require ${unexpected.join(', ')}; only 'electron' is available there`);
    process.exit(1);
  }
  console.log(`preload: ${outfile}`);
}
