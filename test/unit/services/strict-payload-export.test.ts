// The desktop app judges a bootstrap or update payload as RSTUF's worker will: one extra invalid
// (one byte flipped) or unauthorized (a key no root lists) signature makes the whole payload one
// RSTUF refuses, however many good signatures it has. The engine's one count says so (`met` false,
// `refused` naming it), the review shows a danger naming the key id, and export is refused before
// a folder is even asked for. A sign-pending response with the same stray signature is only reported.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../shared/ipc/channels.js';
import type { IpcResult } from '../../../shared/ipc/result.js';
import { readDocument } from '../../../shared/tuf/documents.js';
import type { JsonValue } from '../../../shared/json/strict-json.js';
import { assertNoRefusedSignatures, roleStatus } from '../../../main/core/tuf/authorization.js';
import { reviewDocument } from '../../../main/core/review/review-document.js';
import { unanchored } from '../../../main/core/trust/anchor.js';
import { makeTestApp, type TestApp } from '../../helpers/desktop-app.js';
import { cliFixture } from '../../helpers/fixtures.js';
import { NOW } from '../../helpers/review-keys.js';
import { extraSignatureCases, type ExtraSignatureCase } from '../../helpers/strict-payloads.js';

let cases: ExtraSignatureCase[];
beforeAll(async () => {
  cases = await extraSignatureCases();
});

let app: TestApp;
beforeEach(() => {
  app = makeTestApp();
});
afterEach(() => app.cleanup());

function value<T = any>(r: IpcResult<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

/** Pins the case's trusted root in the app (as a holder does once, after comparing its fingerprint). */
async function pinTrustedRoot(c: ExtraSignatureCase): Promise<void> {
  if (!c.trustedRoot) return;
  const file = join(app.root, 'trusted-root.json');
  writeFileSync(file, JSON.stringify(c.trustedRoot, null, 2));
  app.dialogs.nextOpen = file;
  const candidate = value(await app.call(CHANNELS.trustPreview, { source: { from: 'dialog' } }));
  value(await app.call(CHANNELS.trustPin, { candidateId: candidate.candidateId, confirm: true, acceptWarnings: true }));
}

async function importCase(c: ExtraSignatureCase): Promise<{ id: string }> {
  const file = join(app.root, `${c.kind}-payload.json`);
  writeFileSync(file, JSON.stringify(c.json, null, 2));
  app.dialogs.nextOpen = file;
  return value(await app.call(CHANNELS.workspaceImportWithDialog, { pick: 'file' }));
}

interface ShownWarning {
  code: string;
  level: string;
  message: string;
}
/**
 * The warnings the Review screen shows for the first pending role, from what `review.get` answers:
 * each role's `notices` ({severity, code, message}), or its `warnings` ({level, code, message}).
 */
function shownWarnings(model: any): ShownWarning[] {
  const role = model.roles?.[0] ?? model.review?.roles?.[0];
  const list = (role?.warnings ?? role?.notices ?? []) as { code: string; level?: string; severity?: string; message: string }[];
  return list.map((w) => ({ code: w.code, level: String(w.level ?? w.severity), message: w.message }));
}

const refusedCases = () => cases.filter((c) => c.refused);
const reportedCases = () => cases.filter((c) => !c.refused);

describe('the engine\'s one count', () => {
  it('a bootstrap or update payload with an extra bad signature: met is false, refused names it, the thresholds alone are met', () => {
    expect(refusedCases().map((c) => c.kind).sort()).toEqual(['bootstrap', 'bootstrap', 'update', 'update']);
    for (const c of refusedCases()) {
      const doc = readDocument(c.json as JsonValue);
      expect(doc.kind, c.name).toBe(c.kind);
      const status = roleStatus(doc, doc.pending[0]!, c.trustedRoot ? { trustedRoot: c.trustedRoot } : {});
      expect(status.thresholds.every((t) => t.met), c.name).toBe(true);
      expect(status.met, c.name).toBe(false);
      expect(status.refused.map((r) => [r.keyid, r.state]), c.name).toEqual([[c.badKeyid, c.badState]]);
      expect(() => assertNoRefusedSignatures(doc, c.trustedRoot ? { trustedRoot: c.trustedRoot } : {}), c.name).toThrow(c.badKeyid);
    }
  });

  it('the review has one signature-refused danger naming the key id', () => {
    for (const c of refusedCases()) {
      const doc = readDocument(c.json as JsonValue);
      const review = reviewDocument(doc, { now: NOW, ...(c.trustedRoot ? { anchor: { ...unanchored(), trustedRoot: c.trustedRoot } } : {}) });
      const refused = review.roles[0]!.warnings.filter((w) => w.code === 'signature-refused');
      expect(refused, c.name).toHaveLength(1);
      expect(refused[0]!.level, c.name).toBe('danger');
      expect(refused[0]!.message, c.name).toContain(c.badKeyid);
      expect(review.roles[0]!.threshold.met, c.name).toBe(false);
    }
  });

  it('a sign-pending response with the same kind of stray signature is reported, not refused', () => {
    expect(reportedCases()).toHaveLength(2);
    for (const c of reportedCases()) {
      const doc = readDocument(c.json as JsonValue);
      expect(doc.kind, c.name).toBe('sign-pending');
      const status = roleStatus(doc, doc.pending[0]!);
      expect(status.refused, c.name).toEqual([]);
      expect(status.met, c.name).toBe(c.fullySignedOtherwise);
      expect(status.signatures.find((s) => s.keyid === c.badKeyid)?.state, c.name).toBe(c.badState);
      expect(() => assertNoRefusedSignatures(doc), c.name).not.toThrow();
      const codes = reviewDocument(doc, { now: NOW }).roles[0]!.warnings.map((w) => w.code);
      expect(codes, c.name).not.toContain('signature-refused');
      expect(codes, c.name).toContain(c.badState === 'invalid' ? 'signature-invalid' : 'signature-unauthorized');
    }
  });
});

describe('the desktop app', () => {
  it('exports RSTUF\'s fully signed ceremony.json as it is (the control)', async () => {
    app.dialogs.nextOpen = cliFixture('ceremony.json');
    const item = value(await app.call(CHANNELS.workspaceImportWithDialog, { pick: 'file' }));
    const out = join(app.root, 'usb');
    mkdirSync(out);
    app.dialogs.nextFolder = out;
    const exported = value(await app.call(CHANNELS.exportItem, { itemId: item.id }));
    expect(readdirSync(out)).toContain(exported.destinationName);
  });

  it.each([0, 1, 2, 3])('refused case %i: the review names the signature, and export fails with SIGNATURE_INVALID naming its key id before a folder is asked for', async (i) => {
    const c = refusedCases()[i]!;
    await pinTrustedRoot(c);
    const item = await importCase(c);

    const review = value(await app.call(CHANNELS.reviewGet, { itemId: item.id }));
    const refused = shownWarnings(review).filter((w) => w.code === 'signature-refused');
    expect(refused, c.name).toHaveLength(1);
    expect(refused[0]!.level, c.name).toBe('danger');
    expect(refused[0]!.message, c.name).toContain(c.badKeyid);

    const out = join(app.root, 'usb');
    mkdirSync(out);
    app.dialogs.nextFolder = out;
    const r = await app.call(CHANNELS.exportItem, { itemId: item.id });
    expect(r.ok, c.name).toBe(false);
    if (r.ok) return;
    expect(r.error.code, c.name).toBe('SIGNATURE_INVALID');
    expect(r.error.message, c.name).toContain(c.badKeyid);
    // Refused before the folder dialog: it is still waiting, and nothing was written.
    expect(app.dialogs.pending('chooseFolder'), c.name).toBe(1);
    expect(readdirSync(out), c.name).toEqual([]);
  });

  it.each([0, 1])('reported case %i (sign-pending): exported, the stray signature only reported', async (i) => {
    const c = reportedCases()[i]!;
    const item = await importCase(c);
    const review = value(await app.call(CHANNELS.reviewGet, { itemId: item.id }));
    const codes = shownWarnings(review).map((w) => w.code);
    expect(codes, c.name).toContain(c.badState === 'invalid' ? 'signature-invalid' : 'signature-unauthorized');
    expect(codes, c.name).not.toContain('signature-refused');

    const out = join(app.root, 'usb');
    mkdirSync(out);
    app.dialogs.nextFolder = out;
    const exported = value(await app.call(CHANNELS.exportItem, { itemId: item.id }));
    expect(readdirSync(out), c.name).toContain(exported.destinationName);
  });
});

describe('dropping a signature RSTUF would refuse', () => {
  it.each([0, 1, 2, 3])('refused case %i: the review lists it, dropping it leaves a payload that exports and whose other signatures all still count', async (i) => {
    const c = refusedCases()[i]!;
    await pinTrustedRoot(c);
    const item = await importCase(c);
    const before = value(await app.call(CHANNELS.reviewGet, { itemId: item.id }));
    expect(before.roles[0].refusedSignatures.map((r: any) => r.keyid), c.name).toEqual([c.badKeyid]);
    const validBefore = before.roles[0].thresholds.map((t: any) => t.signedCount);

    value(await app.call(CHANNELS.signDropSignature, { itemId: item.id, role: 'root', keyid: c.badKeyid }));
    const after = value(await app.call(CHANNELS.reviewGet, { itemId: item.id }));
    expect(after.roles[0].refusedSignatures, c.name).toEqual([]);
    expect(after.roles[0].notices.map((n: any) => n.code), c.name).not.toContain('signature-refused');
    expect(after.roles[0].thresholds.map((t: any) => t.signedCount), c.name).toEqual(validBefore);
    // The signed bytes are unchanged: the holder's review still covers them.
    expect(after.roles[0].sha256, c.name).toBe(before.roles[0].sha256);
    expect(after.roles[0].met, c.name).toBe(c.fullySignedOtherwise);

    const out = join(app.root, 'usb');
    mkdirSync(out);
    app.dialogs.nextFolder = out;
    const exported = value(await app.call(CHANNELS.exportItem, { itemId: item.id }));
    expect(readdirSync(out), c.name).toContain(exported.destinationName);
  });

  it('never drops a valid signature, nor one of a sign-pending response', async () => {
    const c = refusedCases()[0]!;
    await pinTrustedRoot(c);
    const item = await importCase(c);
    const review = value(await app.call(CHANNELS.reviewGet, { itemId: item.id }));
    const good = review.roles[0].thresholds.flatMap((t: any) => t.signers).find((s: any) => s.state === 'valid');
    expect(good).toBeDefined();
    const r = await app.call(CHANNELS.signDropSignature, { itemId: item.id, role: 'root', keyid: good.keyid });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('SIGNATURE_INVALID');
    expect(value(await app.call(CHANNELS.reviewGet, { itemId: item.id })).roles[0].thresholds).toEqual(review.roles[0].thresholds);

    const pending = reportedCases()[0]!;
    const other = await importCase(pending);
    const refusedThere = await app.call(CHANNELS.signDropSignature, { itemId: other.id, role: 'root', keyid: pending.badKeyid });
    expect(refusedThere.ok).toBe(false);
  });
});
