// The CLI suites spawn bin/rstuf-signer.js, which runs the bundled CLI (out/bundle/cli/, made by
// scripts/build-cli.mjs from the compiled out/). `npm test` builds
// before running vitest; a suite run on its own (npx vitest run --project cli ...) calls
// ensureCliBuilt() in beforeAll, which recompiles and rebundles when any main/ or shared/ source is newer than
// the build, so a stale out/ never makes a test pass or fail for the wrong reason. Used by every
// suite that spawns the CLI, not only the foundation ones.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/fixtures.js';

const BUILT_ENTRY = join(REPO_ROOT, 'out/bundle/cli/main.js');
const LOCK = join(REPO_ROOT, 'out/.foundation-tests-build.lock');

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isStale(): boolean {
  if (!existsSync(BUILT_ENTRY)) return true;
  const built = statSync(BUILT_ENTRY).mtimeMs;
  return Math.max(newestSourceMtime(join(REPO_ROOT, 'main')), newestSourceMtime(join(REPO_ROOT, 'shared'))) > built;
}

export function ensureCliBuilt(): void {
  // At most one check (and build) per vitest run: the suites run in parallel forks, and a rebuild
  // in the middle of another suite's CLI runs would hand it half-written files.
  const marker = join(REPO_ROOT, `out/.foundation-tests-checked-${process.ppid}`);
  if (existsSync(marker)) return;
  mkdirSync(join(REPO_ROOT, 'out'), { recursive: true });
  // The first suite checks and compiles; the others wait for it here rather than run the CLI
  // while tsc writes the files they are about to run.
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      closeSync(openSync(LOCK, 'wx'));
      break;
    } catch {
      // A lock older than any build is left over from a killed run: take it over.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 150_000) rmSync(LOCK, { force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${LOCK}; remove it if no build is running`);
      spawnSync('sleep', ['0.5']);
    }
  }
  try {
    if (existsSync(marker) || !isStale()) return;
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: REPO_ROOT, encoding: 'utf8' });
    // tsc still emits when another file has a type error; only a missing entry point is fatal.
    rmSync(BUILT_ENTRY, { force: true });
    const b = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/build-cli.mjs')], { cwd: REPO_ROOT, encoding: 'utf8' });
    if (!existsSync(BUILT_ENTRY)) throw new Error(`building the CLI failed:\n${r.stdout}${r.stderr}${b.stdout}${b.stderr}`);
  } finally {
    writeFileSync(marker, '');
    unlinkSync(LOCK);
  }
}
