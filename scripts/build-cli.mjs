// Bundles the CLI (out/main/cli/main.js, compiled by tsc) into out/bundle/cli/: one module for
// the entry and the engine, one lazily loaded chunk per command, shared code in chunks.
// Loading about 40 ES modules and @tufjs/models' CommonJS files one by one took about 45 ms of
// every command; the bundle loads in about 15 (docs/performance.md). Native modules (pkcs11js,
// node-hid) and node-forge (PBES1 keys only) stay in node_modules, loaded when needed.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

const NODE_BUILTINS = new Set(builtinModules);

/** esbuild options shared with the benchmark, which bundles its children the same way. */
export const BUNDLE_OPTIONS = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['electron', 'node-forge', 'pkcs11js', 'node-hid'],
  // @tufjs/models and minimatch are CommonJS and require Node's built-ins: give the ES module
  // output a real `require`.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
};

export async function bundleCli(outRoot = 'out') {
  // Chunk names carry content hashes: start empty so no stale chunk is left to ship.
  rmSync(`${outRoot}/bundle/cli`, { recursive: true, force: true });
  const { metafile } = await build({ ...BUNDLE_OPTIONS, metafile: true, entryPoints: { main: `${outRoot}/main/cli/main.js` }, outdir: `${outRoot}/bundle/cli` });
  // Everything else is inside: a run-time import of anything but Node's built-ins and the
  // externals above would mean the CLI depends on files the bundle does not carry.
  const allowed = new Set(BUNDLE_OPTIONS.external);
  const unexpected = Object.values(metafile.outputs)
    .flatMap((output) => output.imports)
    .filter((i) => i.external && !i.path.startsWith('node:') && !allowed.has(i.path) && !NODE_BUILTINS.has(i.path))
    .map((i) => i.path);
  if (unexpected.length > 0) throw new Error(`build-cli: the bundle would load ${[...new Set(unexpected)].join(', ')} at run time`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundleCli();
  console.log('cli: out/bundle/cli/main.js');
}
