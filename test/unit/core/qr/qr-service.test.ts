// The app's QR channels through the real dispatcher: the export's frames carry the same bytes as
// the file export; a scan arms the camera gate the Electron permission handler reads (with a fake
// session), joins the frames and imports them like a file; a stray QR code is refused without
// ending the scan; stopping closes the gate.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../../shared/ipc/channels.js';
import type { IpcResult } from '../../../../shared/ipc/result.js';
import { CameraGate } from '../../../../main/services/qr.js';
import { hardenSession } from '../../../../main/shells/electron/hardening.js';
import { QrCollector } from '../../../../main/core/qr/collect.js';
import { encodeQrFrames } from '../../../../main/core/qr/frames.js';
import { cliFixture, FIXTURE_PASSWORD } from '../../../helpers/fixtures.js';
import { makeTestApp, type TestApp } from '../../../helpers/desktop-app.js';

type Handler = (...args: any[]) => any;
class FakeSession {
  request?: Handler;
  check?: Handler;
  webRequest = { onBeforeRequest: () => undefined };
  setPermissionRequestHandler(h: Handler) {
    this.request = h;
  }
  setPermissionCheckHandler(h: Handler) {
    this.check = h;
  }
  setDevicePermissionHandler() {}
  setSpellCheckerEnabled() {}
  on() {}
  /** What the handler answers the page asking for the camera (video only). */
  camera(mediaTypes: string[] = ['video'], url = 'app://signer/index.html'): boolean {
    let granted: boolean | undefined;
    this.request!({}, 'media', (g: boolean) => (granted = g), { requestingUrl: url, mediaTypes });
    return granted as boolean;
  }
}

let app: TestApp;
let camera: CameraGate;
let session: FakeSession;
beforeEach(() => {
  camera = new CameraGate();
  app = makeTestApp({ camera });
  session = new FakeSession();
  hardenSession(session as never, { allowDevtools: false, scanning: () => camera.wanted });
});
afterEach(() => app.cleanup());

function value<T = any>(r: IpcResult<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

function joined(frames: { text: string }[]): Buffer {
  const c = new QrCollector();
  for (const f of frames) c.add(f.text);
  return Buffer.from(c.result('frames'));
}

describe('Show as QR', () => {
  it("a signature's frames carry the same bytes as the file export's sign payload", async () => {
    app.dialogs.nextOpen = cliFixture('sign_pending_roles.json');
    const item = value(await app.call(CHANNELS.workspaceImportWithDialog, { pick: 'file' }));
    app.dialogs.nextOpen = cliFixture('JH.ed25519');
    const key = value(await app.call(CHANNELS.keysChooseKeyFile));
    const reviewed = value(await app.call(CHANNELS.reviewGet, { itemId: item.id })).roles.map((r: any) => ({ role: r.role, sha256: r.sha256 }));
    value(await app.call(CHANNELS.signWithKeyFile, { itemId: item.id, reviewed, keyFileRef: key.keyFileRef, passphrase: FIXTURE_PASSWORD }));

    const qr = value(await app.call(CHANNELS.qrExportFrames, { itemId: item.id }));
    expect(qr.fileName).toMatch(/^sign-payload-root-v2-/);
    expect(qr.choices).toEqual([qr.fileName]);
    expect(qr.frames[0].modules).toHaveLength(qr.frames[0].size ** 2);

    app.dialogs.nextFolder = app.root;
    const exported = value(await app.call(CHANNELS.exportItem, { itemId: item.id }));
    const onDisk = readFileSync(join(app.root, exported.destinationName, qr.fileName));
    expect(joined(qr.frames).equals(onDisk)).toBe(true);
    expect(JSON.parse(onDisk.toString('utf8'))).toEqual(JSON.parse(readFileSync(cliFixture('sign.json'), 'utf8')));
  });

  it('a file that is not in the item is named', async () => {
    app.dialogs.nextOpen = cliFixture('update.json');
    const item = value(await app.call(CHANNELS.workspaceImportWithDialog, { pick: 'file' }));
    const r = await app.call(CHANNELS.qrExportFrames, { itemId: item.id, fileName: 'other.json' });
    expect(r.ok ? undefined : r.error.message).toMatch(/has no file "other.json"/);
    const shown = value(await app.call(CHANNELS.qrExportFrames, { itemId: item.id }));
    expect(joined(shown.frames).equals(readFileSync(cliFixture('update.json')))).toBe(true);
  });
});

describe('Scan', () => {
  it('the camera is granted only between the click and the last part; the payload is imported like a file', async () => {
    expect(session.camera()).toBe(false);
    const { scanId } = value(await app.call(CHANNELS.qrScanStart));
    expect(camera.wanted).toBe(true);
    expect(session.camera()).toBe(true);
    // Video only, the app's own page only, even while scanning.
    expect(session.camera(['audio', 'video'])).toBe(false);
    expect(session.camera(['video'], 'https://example.com/')).toBe(false);
    expect(session.check!({}, 'media', 'app://signer/index.html', { mediaType: 'video' })).toBe(true);
    expect(session.check!({}, 'media', 'app://signer/index.html', { mediaType: 'audio' })).toBe(false);

    const parts = encodeQrFrames(readFileSync(cliFixture('update.json')), 'update.json').parts;
    const stray = value(await app.call(CHANNELS.qrScanFrame, { scanId, text: 'https://example.com/menu' }));
    expect(stray).toMatchObject({ refused: expect.stringMatching(/not a BBQr frame/), total: null, item: null });
    let last: any;
    for (const text of [...parts].reverse()) last = value(await app.call(CHANNELS.qrScanFrame, { scanId, text }));
    expect(last).toMatchObject({ complete: true, missing: [], total: parts.length, refused: null });
    expect(last.item).toMatchObject({ kind: 'update', displayName: 'update-payload.json' });
    expect(camera.wanted).toBe(false);
    expect(session.camera()).toBe(false);
    // What was imported is the payload the frames carried, reviewed like any file.
    const review = value(await app.call(CHANNELS.reviewGet, { itemId: last.item.id }));
    expect(review.roles.map((r: any) => r.role)).toEqual(['root']);
    // Nothing scanned lingers on disk.
    const dropped = app.services.context.paths.dropped;
    expect(existsSync(dropped) ? readdirSync(dropped) : []).toEqual([]);
    // The scan is over: another frame is refused.
    const after = await app.call(CHANNELS.qrScanFrame, { scanId, text: parts[0] });
    expect(after.ok ? undefined : after.error.message).toMatch(/no longer open/);
  });

  it('stopping the scan denies the camera again', async () => {
    const { scanId } = value(await app.call(CHANNELS.qrScanStart));
    const parts = encodeQrFrames(readFileSync(cliFixture('update.json')), 'update.json').parts;
    const p = value(await app.call(CHANNELS.qrScanFrame, { scanId, text: parts[0] }));
    expect(p).toMatchObject({ received: 1, total: parts.length, complete: false });
    expect(p.missing).toEqual(parts.slice(1).map((_, i) => i + 2));
    value(await app.call(CHANNELS.qrScanStop, { scanId }));
    expect(session.camera()).toBe(false);
  });

  it('a scanned payload that is not an RSTUF file is refused by the import, with the camera closed', async () => {
    const { scanId } = value(await app.call(CHANNELS.qrScanStart));
    const parts = encodeQrFrames(new TextEncoder().encode('{"hello": "world"}'), 'x.json').parts;
    const r = await app.call(CHANNELS.qrScanFrame, { scanId, text: parts[0] });
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error.message).toMatch(/scanned-qr.json/);
    expect(camera.wanted).toBe(false);
  });
});
