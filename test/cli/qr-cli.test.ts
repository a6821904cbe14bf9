// rstuf-signer qr show / qr read through the built CLI: a root update shown as PNG frames and read
// back in any order (with repeats and a stray picture) gives the same bytes, checked like a file;
// a missing part is named; too big says USB; --camera says it is not supported here; an existing
// output is not overwritten; the HTML player loads nothing.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSigner } from '../helpers/cli.js';
import { cliFixture } from '../helpers/fixtures.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';

const work = mkdtempSync(join(tmpdir(), 'rstuf-qr-cli-'));
beforeAll(() => ensureCliBuilt());
afterAll(() => rmSync(work, { recursive: true, force: true }));

function showPng(file: string, name: string): string[] {
  const dir = join(work, name);
  const r = runSigner(['qr', 'show', file, '--png', dir]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return readdirSync(dir).sort().map((f) => join(dir, f));
}

describe('rstuf-signer qr', () => {
  it('reads a root update back from its PNG frames in any order, repeats and a stray picture skipped', () => {
    // Names that sort in another order than the frames, one frame twice, and a blank picture.
    const dir = join(work, 'shots');
    const names = showPng(cliFixture('update.json'), 'shots').map((f) => f.slice(dir.length + 1));
    expect(names.length).toBeGreaterThan(1);
    names.forEach((n, i) => copyFileSync(join(dir, n), join(dir, `z-${names.length - i}.png`)));
    names.forEach((n) => unlinkSync(join(dir, n)));
    copyFileSync(join(dir, 'z-1.png'), join(dir, 'a-repeat.png'));
    const blank = new PNG({ width: 40, height: 40 });
    blank.data.fill(255);
    writeFileSync(join(dir, 'b-blank.png'), PNG.sync.write(blank));

    const out = join(work, 'update-read.json');
    const r = runSigner(['qr', 'read', '--images', dir, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/b-blank.png shows no QR code we can read; skipped/);
    expect(r.stdout).toMatch(/metadata update payload|update/i);
    expect(readFileSync(out).equals(readFileSync(cliFixture('update.json')))).toBe(true);

    // Never over an existing file without --force.
    const again = runSigner(['qr', 'read', '--images', dir, '--out', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    expect(runSigner(['qr', 'read', '--images', dir, '--out', out, '--force']).code).toBe(0);
  });

  it('names the parts still missing and writes nothing', () => {
    const frames = showPng(cliFixture('update.json'), 'missing-frames');
    unlinkSync(frames[1]!);
    const out = join(work, 'never.json');
    const r = runSigner(['qr', 'read', '--images', join(work, 'missing-frames'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`${frames.length - 1} of ${frames.length} parts were read; still missing part 2`));
    expect(existsSync(out)).toBe(false);
  });

  it('refuses what does not fit in QR frames and points to USB', () => {
    const targets = Object.fromEntries(Array.from({ length: 800 }, (_, i) => [`pkg/file-${i}.tar.gz`, { length: 1000 + i, hashes: { sha256: i.toString(16).padStart(64, '0') } }]));
    const big = join(work, 'big-targets.json');
    writeFileSync(big, JSON.stringify({ signatures: [], signed: { _type: 'targets', spec_version: '1.0.31', version: 2, expires: '2031-01-01T00:00:00Z', targets } }, null, 2));
    const r = runSigner(['qr', 'show', big, '--png', join(work, 'big-frames')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/big-targets.json is \d+ KB .* more than the 64 KB animated QR codes carry here; move it on a USB stick/);
  });

  it('--camera says it is not supported on this machine', () => {
    const r = runSigner(['qr', 'read', '--camera', '--out', join(work, 'cam.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--camera is not supported on this machine/);
    expect(r.stderr).toMatch(/--images DIR/);
  });

  it('--html writes one page that plays every frame and allows no request', () => {
    const page = join(work, 'frames.html');
    const r = runSigner(['qr', 'show', cliFixture('update.json'), '--html', page]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(page, 'utf8');
    const frames = showPng(cliFixture('update.json'), 'html-count');
    expect(html.match(/class="frame"/g)).toHaveLength(frames.length);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'; script-src 'sha256-[^']+'/);
    expect(html).toMatch(/connect-src 'none'/);
    expect(html).not.toMatch(/<script src|<link |https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('prints the frames on the terminal by default', () => {
    const r = runSigner(['qr', 'show', cliFixture('v1.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/v1.json \(.*\): \d+ QR frames?, version \d+/);
    expect(r.stdout).toMatch(/frame 1 of \d+:\n[█▀▄ ]+\n/);
  });
});
