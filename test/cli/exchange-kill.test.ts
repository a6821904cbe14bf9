// A bundle export killed at any moment (SIGKILL) leaves the old complete bundle or nothing,
// and the half-written folder is never taken for a bundle.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBundle, importBundleOrFile } from '../../main/core/exchange/bundle.js';
import { runSignerAsync, spawnSigner } from '../helpers/exchange-cli.js';
import { KEY_PATHS, pullShapedCases } from '../helpers/exchange-fixtures.js';
import { FIXTURE_PASSWORD } from '../helpers/fixtures.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';

let work: string;
let passphrase: string;

beforeAll(() => ensureCliBuilt(), 180_000);
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'rstuf-kill-'));
  passphrase = join(work, 'passphrase.txt');
  writeFileSync(passphrase, `${FIXTURE_PASSWORD}\n`);
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

/** Starts the CLI with the export pause hook, waits until it blocks at `stage`, then SIGKILLs it. */
async function killAt(stage: 'file' | 'swap', args: string[]): Promise<void> {
  const marker = join(work, `paused-${stage}`);
  const child = spawnSigner(args, { RSTUF_SIGNER_TEST_EXPORT_PAUSE: `${stage}:${marker}` });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!existsSync(marker)) {
    if (child.exitCode !== null) throw new Error(`the CLI ended before pausing (exit ${child.exitCode}): ${stderr}`);
    if (Date.now() > deadline) throw new Error('the CLI never reached the pause');
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  await exited;
}

function signPendingBundle(): string {
  const c = pullShapedCases()[0]!;
  const input = join(work, c.fileName);
  writeFileSync(input, JSON.stringify(c.json));
  return createBundle([input], join(work, 'usb', 'rstuf-bundle-root-v2')).path;
}

describe('killed mid-export', () => {
  it('sign DIR killed while writing files: the old bundle is intact and the partial one is refused', async () => {
    mkdirSync(join(work, 'usb'));
    const dir = signPendingBundle();
    const before = importBundleOrFile(dir);
    await killAt('file', ['sign', dir, '--key', KEY_PATHS['JJ.ecdsa'], '--passphrase-file', passphrase]);

    const after = importBundleOrFile(dir);
    expect(after.fingerprint).toBe(before.fingerprint);
    expect(after.signPayloads).toHaveLength(0);
    const partials = readdirSync(join(work, 'usb')).filter((n) => n.includes('.partial-'));
    expect(partials).toHaveLength(1);
    const partial = join(work, 'usb', partials[0]!);
    // The complete bundle still verifies, and the leftover beside it is pointed out.
    const intact = await runSignerAsync(['bundle', 'verify', dir]);
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toContain(`${partials[0]} is left over from an interrupted write`);
    expect(() => importBundleOrFile(partial)).toThrowError(expect.objectContaining({ code: 'BUNDLE_INCOMPLETE' }));
    const verify = await runSignerAsync(['bundle', 'verify', partial]);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain('interrupted bundle write');
    // The same folder under a plain name (someone renamed it) has no manifest yet: still refused.
    const renamed = join(work, 'usb', 'renamed');
    renameSync(partial, renamed);
    expect((await runSignerAsync(['inspect', renamed])).stderr).toContain('no manifest.json');

    // Signing again afterwards works and the old bundle becomes the new one.
    mkdirSync(partial);
    const again = await runSignerAsync(['sign', dir, '--key', KEY_PATHS['JJ.ecdsa'], '--passphrase-file', passphrase]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`note: ${partials[0]} beside it is left over from an interrupted write`);
    expect(importBundleOrFile(dir).signPayloads).toHaveLength(1);
  });

  it('sign DIR killed between the two renames: the next use puts the old complete bundle back', async () => {
    mkdirSync(join(work, 'usb'));
    const dir = signPendingBundle();
    const before = importBundleOrFile(dir);
    await killAt('swap', ['sign', dir, '--key', KEY_PATHS['JC.rsa'], '--passphrase-file', passphrase]);
    expect(existsSync(dir)).toBe(false);

    const verify = await runSignerAsync(['bundle', 'verify', dir]);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain('interrupted update was undone');
    expect(verify.stdout).toContain(`fingerprint: ${before.fingerprint}`);
  });

  it('bundle create killed mid-export leaves no bundle, only a refused .partial folder', async () => {
    mkdirSync(join(work, 'usb'));
    const out = join(work, 'usb', 'fresh');
    const c = pullShapedCases()[3]!;
    const input = join(work, c.fileName);
    writeFileSync(input, JSON.stringify(c.json));
    await killAt('file', ['bundle', 'create', input, '--out', out]);
    expect(existsSync(out)).toBe(false);
    const partials = readdirSync(join(work, 'usb'));
    expect(partials).toHaveLength(1);
    expect(partials[0]).toMatch(/^\.fresh\.partial-[0-9a-f]{8}$/);
    expect(readdirSync(join(work, 'usb', partials[0]!))).not.toContain('manifest.json');
    expect((await runSignerAsync(['bundle', 'verify', join(work, 'usb', partials[0]!)])).code).toBe(1);
    const missing = await runSignerAsync(['bundle', 'verify', out]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`fresh was never completed: ${partials[0]} is an interrupted write of it`);
  });
});
