// Animated QR codes both ways, in Chromium against the real dispatcher (issue 15).
// Offline -> online: after a signature the Export screen shows it as QR; screenshots of its frames
// read by `rstuf-signer qr read --images` give the same bytes as the file export, and RSTUF's
// models (@tufjs/models) accept the signature. Online -> offline: a root update made by
// `rstuf-signer update`, shown by `rstuf-signer qr show --png`, played as a .y4m into Chromium's fake
// camera, is read on the Scan screen (asked for only after the click), reviewed and signed.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Metadata, MetadataKind } from '@tufjs/models';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSessions, expectAccessible, openScreen, pinRootInUi, saveScreenshot, signWithKeyFileInUi } from '../helpers/app-e2e.js';
import { runSigner } from '../helpers/cli.js';
import { cliFixture } from '../helpers/fixtures.js';
import { writeY4m, type RgbaPicture } from '../helpers/y4m.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';
import { chromiumAvailable, type Harness } from './harness.js';

const SIGN_PENDING = cliFixture('sign_pending_roles.json');
const work = mkdtempSync(join(tmpdir(), 'rstuf-e2e-qr-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Clicks "Show as QR" and saves a screenshot of each frame (paused, stepped with "Next frame"); returns the folder. */
async function screenshotFrames(page: Page, name: string): Promise<{ dir: string; count: number }> {
  await page.getByRole('button', { name: 'Show as QR' }).click();
  const shown = page.getByRole('region', { name: 'QR codes of the export' });
  await shown.waitFor();
  const count = Number(/of (\d+)/.exec(await page.getByTestId('qr-frame-number').innerText())![1]);
  if (count > 1) await shown.getByRole('button', { name: 'Pause' }).click();
  const dir = join(work, name);
  mkdirSync(dir);
  for (let i = 0; i < count; i += 1) {
    await expect.poll(() => page.getByTestId('qr-frame-number').innerText()).toBe(`Frame ${i + 1} of ${count}`);
    await page.getByTestId('qr-canvas').screenshot({ path: join(dir, `shot-${i + 1}.png`) });
    if (count > 1) await shown.getByRole('button', { name: 'Next frame' }).click();
  }
  return { dir, count };
}

/** Exports the item as a bundle into a new folder and returns the bytes of the file named like `pattern`. */
async function fileExport(page: Page, h: Harness, name: string, pattern: RegExp): Promise<Buffer> {
  const usb = join(work, name);
  mkdirSync(usb);
  h.dialogs.nextFolder = usb;
  await page.getByRole('button', { name: 'Choose destination and export…' }).click();
  await page.getByRole('heading', { name: /^Exported to / }).waitFor();
  const [bundle] = readdirSync(usb);
  const file = readdirSync(join(usb, bundle!)).find((f) => pattern.test(f));
  expect(file, `a file like ${pattern} in the export`).toBeDefined();
  return readFileSync(join(usb, bundle!, file!));
}

function qrRead(dir: string, out: string): Buffer {
  const read = runSigner(['qr', 'read', '--images', dir, '--out', out]);
  expect(read.code, read.stderr).toBe(0);
  return readFileSync(out);
}

function readPng(path: string): RgbaPicture {
  const png = PNG.sync.read(readFileSync(path));
  return { width: png.width, height: png.height, data: png.data };
}

describe.runIf(chromiumAvailable())('desktop app: animated QR codes', () => {
  const app = appSessions();
  beforeAll(() => ensureCliBuilt());

  it('shows the signature as QR; qr read on screenshots of the frames gives the file export, which RSTUF models accept', async () => {
    const h = await app.start();
    const { page } = h;
    h.dialogs.nextOpen = SIGN_PENDING;
    await page.getByRole('button', { name: 'Open an RSTUF file…' }).click();
    await page.getByRole('heading', { level: 1, name: /^Review: / }).waitFor();
    await signWithKeyFileInUi(page, h, 'JH.ed25519');
    await page.getByRole('button', { name: 'Export the bundle' }).click();
    await page.getByRole('heading', { level: 1, name: /^Export: / }).waitFor();

    const { dir } = await screenshotFrames(page, 'export-shots');
    await expectAccessible(page, 'export as QR');
    const exported = await fileExport(page, h, 'usb', /^sign-payload-/);
    const out = join(work, 'from-qr.json');
    expect(qrRead(dir, out).equals(exported)).toBe(true);

    // RSTUF's models accept it: the signature verifies over root v2 with the key of trusted root v1.
    const sent = JSON.parse(readFileSync(out, 'utf8'));
    const pending = JSON.parse(readFileSync(SIGN_PENDING, 'utf8')).data.metadata;
    const signedRoot = Metadata.fromJSON(MetadataKind.Root, { signed: pending.root.signed, signatures: [sent.signature] } as never);
    const trusted = Metadata.fromJSON(MetadataKind.Root, pending.trusted_root as never);
    expect(sent.role).toBe('root');
    expect(() => trusted.signed.keys[sent.signature.keyid]!.verifySignature(signedRoot)).not.toThrow();
    // And a signature that is not over these bytes is refused by the same check.
    const forged = Metadata.fromJSON(MetadataKind.Root, { signed: { ...pending.root.signed, version: 3 }, signatures: [sent.signature] } as never);
    expect(() => trusted.signed.keys[sent.signature.keyid]!.verifySignature(forged)).toThrow();
  });

  /** A root update as the online side makes it, its QR frames as PNG (qr show --png), and a .y4m of them. */
  function rootUpdateVideo(name: string, keep: (frame: number) => boolean): { payload: Buffer; y4m: string; frames: number } {
    const dir = join(work, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'changes.json'), JSON.stringify({ expiration: { root: 365 } }));
    const made = runSigner(['update', '--trusted-root', cliFixture('v1.json'), '--config', join(dir, 'changes.json'), '--out', join(dir, 'bundle')]);
    expect(made.code, made.stderr).toBe(0);
    const shown = runSigner(['qr', 'show', join(dir, 'bundle'), '--png', join(dir, 'frames')]);
    expect(shown.code, shown.stderr).toBe(0);
    const pngs = readdirSync(join(dir, 'frames')).sort();
    expect(pngs.length).toBeGreaterThan(1);
    const y4m = join(dir, 'camera.y4m');
    writeY4m(y4m, pngs.filter((_, i) => keep(i + 1)).map((f) => readPng(join(dir, 'frames', f))), { hold: 5 });
    return { payload: readFileSync(join(dir, 'bundle', 'update-payload.json')), y4m, frames: pngs.length };
  }

  async function startWithCamera(y4m: string): Promise<Harness> {
    const h = await app.start({ chromiumArgs: ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`] });
    await h.context.grantPermissions(['camera'], { origin: h.origin });
    return h;
  }

  it('names the parts still missing while the camera has not seen them, and asks for the camera only on click', async () => {
    const video = rootUpdateVideo('partial', (n) => n !== 2);
    const h = await startWithCamera(video.y4m);
    const { page } = h;
    await openScreen(page, 'Scan QR codes');
    await page.getByRole('heading', { level: 1, name: 'Scan QR codes' }).waitFor();
    expect(h.calls).not.toContain('signer:qr.scanStart');
    await page.getByRole('button', { name: 'Start camera' }).click();
    const progress = page.getByTestId('scan-progress');
    await expect.poll(() => progress.innerText(), { timeout: 30_000 }).toContain(`${video.frames - 1} of ${video.frames} parts`);
    expect(await progress.innerText()).toContain('Parts missing: 2');
    await saveScreenshot(page, 'qr-scan');
    await expectAccessible(page, 'scan');
    await page.getByRole('button', { name: 'Stop camera' }).click();
    await expect.poll(() => h.calls.includes('signer:qr.scanStop')).toBe(true);
    await page.getByRole('button', { name: 'Start camera' }).waitFor();
  });

  it('a root update played as animated QR into the camera is reviewed and signed', async () => {
    const video = rootUpdateVideo('full', () => true);
    const h = await startWithCamera(video.y4m);
    const { page } = h;

    // The trusted root v1, pinned after comparing its fingerprint (as in the update ceremony).
    await pinRootInUi(page, h, 'ceremony.json');

    await openScreen(page, 'Scan QR codes');
    await page.getByRole('button', { name: 'Start camera' }).click();
    await page.getByRole('heading', { level: 1, name: /^Review: update-payload.json/ }).waitFor({ timeout: 60_000 });
    // What the camera read is the payload the online side showed, imported like a file.
    const item = h.services.context.workspace.list().find((e) => e.displayName === 'update-payload.json')!;
    expect(Buffer.from(item.files[0]!.bytes).equals(video.payload)).toBe(true);
    expect(h.calls).toContain('signer:qr.scanFrame');
    const before = await page.getByRole('list', { name: 'Signature progress' }).first().innerText();
    expect(before).toMatch(/trusted root v1: 0 of 2/);

    await signWithKeyFileInUi(page, h, 'JH.ed25519');
    const after = await page.getByRole('region', { name: 'Signed and verified' }).getByRole('list', { name: 'Signature progress' }).innerText();
    expect(after).toMatch(/trusted root v1: 1 of 2/);
    expect(after).toMatch(/new root v2: 1 of 2/);

    // And back: the signed update payload, several frames, read from screenshots of the animation.
    await page.getByRole('button', { name: 'Export the bundle' }).click();
    const shots = await screenshotFrames(page, 'update-shots');
    expect(shots.count).toBeGreaterThan(1);
    await saveScreenshot(page, 'qr-export');
    const exported = await fileExport(page, h, 'usb-update', /^update-payload\.json$/);
    const back = qrRead(shots.dir, join(work, 'update-from-qr.json'));
    expect(back.equals(exported)).toBe(true);
    expect(JSON.parse(back.toString('utf8')).metadata.root.signatures).toHaveLength(1);
  });
});
