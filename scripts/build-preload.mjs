// Bundles the sandboxed preload into one CommonJS file (placeholder until it exists).
import { existsSync } from 'node:fs';
if (!existsSync('main/electron/preload.ts')) process.exit(0);
const { build } = await import('esbuild');
await build({ entryPoints: ['main/electron/preload.ts'], bundle: true, platform: 'node', format: 'cjs', external: ['electron'], outfile: 'out/main/electron/preload.cjs', target: 'node22' });
