// The CLI's output piped into a reader that stops early (`rstuf-signer inspect big.json | head`):
// the signer stops quietly, without a stack trace or an unhandled-error crash.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { delegatedSignPending } from '../helpers/hostile-corpus.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';

let dir: string;
let big: string;
beforeAll(() => {
  ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'hostile-pipe-'));
  // 5,000 artifacts: megabytes of canonical JSON, far more than a pipe buffer holds.
  const { json } = delegatedSignPending();
  const targets: Record<string, unknown> = {};
  for (let i = 0; i < 5000; i++) targets[`production/pkg-${i}.tar.gz`] = { length: i, hashes: { sha256: i.toString(16).padStart(64, '0') } };
  json.data.metadata.production.signed.targets = targets;
  big = join(dir, 'big.json');
  writeFileSync(big, JSON.stringify(json));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('output pipe closed by the reader', () => {
  it('inspect --canonical | head -c 1000: exit 141 (SIGPIPE convention), nothing on stderr', async () => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/rstuf-signer.js'), 'inspect', big, '--canonical'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RSTUF_SIGNER_HOME: join(dir, 'home') } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(141);
  });
});
