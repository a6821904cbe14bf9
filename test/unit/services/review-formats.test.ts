// The app's signer lists for the formats RSTUF is adding (issue 14, item 5), through the real
// dispatcher (which checks every answer against the contract's schema): a Sigstore root key is
// listed by identity and issuer as signing elsewhere, never missing or counted; a delegated role
// whose delegation lists no key ids says RSTUF's online key signs it instead of "0 of 1".
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../shared/ipc/channels.js';
import type { IpcResult } from '../../../shared/ipc/result.js';
import type { RoleReview } from '../../../shared/ipc/schemas.js';
import { describeThreshold } from '../../../shared/review/words.js';
import { reviewDocument } from '../../../main/core/review/review-document.js';
import { checkDocument } from '../../../main/core/tuf/load-document.js';
import { signatureLine } from '../../../renderer/src/components/SignatureProgress.js';
import { REPO_ROOT } from '../../helpers/fixtures.js';
import { makeTestApp, type TestApp } from '../../helpers/desktop-app.js';

const FORMATS = join(REPO_ROOT, 'test/fixtures/formats');
const SIGSTORE_ID = 'aaa2d32a3efb39ca54bf16d14157f85e397bff6cbe6aefd742d5ed6a5b8b3a92';
const dir = mkdtempSync(join(tmpdir(), 'review-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** sign-pending-formats.json with the pending role renamed to fastapi, whose delegation lists no key ids. */
function onlineKeyRoleFile(): string {
  const json = JSON.parse(readFileSync(join(FORMATS, 'sign-pending-formats.json'), 'utf8'));
  json.data.metadata.fastapi = json.data.metadata.advisories;
  delete json.data.metadata.advisories;
  const file = join(dir, 'fastapi-pending.json');
  writeFileSync(file, JSON.stringify(json));
  return file;
}

let app: TestApp;
beforeEach(() => {
  app = makeTestApp();
});
afterEach(() => app.cleanup());

function value<T>(r: IpcResult<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

async function reviewOf(file: string): Promise<RoleReview[]> {
  app.dialogs.nextOpen = file;
  const item = value<{ id: string }>(await app.call(CHANNELS.workspaceImportWithDialog, { pick: 'file' }));
  return value<{ roles: RoleReview[] }>(await app.call(CHANNELS.reviewGet, { itemId: item.id })).roles;
}

describe('review.get: signer lists for Sigstore keys and online-key-only roles', () => {
  it('lists a Sigstore root key by identity and issuer as signing elsewhere, not as missing, and does not count it', async () => {
    const [root] = await reviewOf(join(FORMATS, 'ceremony-formats.json'));
    expect(root?.thresholds).toHaveLength(1);
    const t = root!.thresholds[0]!;
    expect(t).toMatchObject({ required: 2, signedCount: 0, met: false });
    expect(t.onlineKeySigns).toBeUndefined();
    expect(t.signers.map((s) => [s.name, s.state])).toEqual([
      ["JimiHendrix's Key", 'missing'],
      ["JanisJoplin's Key", 'missing'],
      ['alice@example.org', 'elsewhere'],
    ]);
    expect(t.signers[2]).toEqual({ keyid: SIGSTORE_ID, name: 'alice@example.org', state: 'elsewhere', signsElsewhere: { identity: 'alice@example.org', issuer: 'https://github.com/login/oauth' } });
    expect(signatureLine(t)).toBe(
      "0 of 2: JimiHendrix's Key missing, JanisJoplin's Key missing, alice@example.org: Sigstore identity alice@example.org (issuer https://github.com/login/oauth), signs elsewhere (online, not from this laptop)",
    );
  });

  it('says an online-key-only role is signed online by RSTUF\'s online key, in the words the CLI prints, instead of "0 of 1"', async () => {
    const file = onlineKeyRoleFile();
    const [role] = await reviewOf(file);
    expect(role?.role).toBe('fastapi');
    expect(role?.thresholds).toEqual([{ label: 'delegation "fastapi" in targets v1', required: 1, signedCount: 0, met: false, signers: [], onlineKeySigns: true }]);
    expect(signatureLine(role!.thresholds[0]!)).toBe("signed online by RSTUF's online key: lists no key ids, so RSTUF's online key signs this role; no offline key can sign it");
    // One wording: the CLI's threshold line for the same file ends with the app's sentence.
    const cli = reviewDocument(checkDocument(JSON.parse(readFileSync(file, 'utf8')), 'fastapi-pending.json'), { now: Date.now() }).roles[0]!.signatures.thresholds[0]!;
    expect(describeThreshold(cli)).toBe(`delegation "fastapi" in targets v1: ${signatureLine(role!.thresholds[0]!).split(': ').slice(1).join(': ')}`);
  });

  it('a role with offline keys lists no online-key note', async () => {
    const [role] = await reviewOf(join(FORMATS, 'sign-pending-formats.json'));
    expect(role?.role).toBe('advisories');
    expect(role?.thresholds[0]?.onlineKeySigns).toBeUndefined();
    expect(role?.thresholds[0]?.signers).toEqual([{ keyid: 'c6d8bf2e4f48b41ac2ce8eca21415ca8ef68c133b47fc33df03d4070a7e1e9cc', name: "JimiHendrix's Key", state: 'missing' }]);
  });
});
