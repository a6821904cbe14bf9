// The ceremony record in the engine: a hostile key name is shown, never obeyed (escaped, hidden
// characters spelled out, in the table and in the trust graph); signatures come from the audit log
// only when they are over these very bytes.
import { describe, expect, it } from 'vitest';
import { buildBootstrapPayload } from '../../../../shared/ceremony/build.js';
import { DEFAULT_EXPIRATION } from '../../../../shared/ceremony/defaults.js';
import type { AuditEntry } from '../../../../shared/ipc/schemas.js';
import type { JsonValue } from '../../../../shared/json/strict-json.js';
import { readDocument } from '../../../../shared/tuf/documents.js';
import { ceremonyRecord, describeSignature } from '../../../../main/core/ceremony/record.js';
import { trustGraphSvg } from '../../../../main/core/ceremony/record-graph.js';
import { KeyFileSigner } from '../../../../main/core/signers/key-file-signer.js';
import { signDocument } from '../../../../main/core/signers/sign-document.js';
import { publicKeyIdentity } from '../../../../main/core/tuf/tuf-keys.js';
import { makeKey, makeOnlineKey } from '../../../helpers/ceremony-keys.js';

const NOW = new Date('2026-12-03T10:00:00Z');
const evil = makeKey('<script>alert(1)</script>\u202eEvil');
const bob = makeKey('Bob');
const online = makeOnlineKey();

async function signedBootstrap() {
  const built = buildBootstrapPayload({ expiration: { ...DEFAULT_EXPIRATION }, delegation: { kind: 'bins', count: 4 }, root: { threshold: 2, keys: [evil, bob] }, onlineKey: online }, NOW, publicKeyIdentity);
  const doc = readDocument(built.payload as unknown as JsonValue);
  const outcome = await signDocument({ doc, signer: new KeyFileSigner(bob.privateKey, 'key file bob.pem') });
  return { doc: readDocument(outcome.signedDocument as JsonValue), sha256: outcome.status.sha256, keyid: outcome.keyid };
}

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  seq: 1,
  time: '2026-12-03T10:05:00.000Z',
  repository: 'bundle',
  role: 'root',
  version: 1,
  signedSha256: '0'.repeat(64),
  keyid: bob.keyid,
  keyName: 'Bob',
  keySource: { kind: 'file', fileName: 'bob.pem' },
  prevHash: '0'.repeat(64),
  hash: '1'.repeat(64),
  ...over,
});

describe('ceremony record', () => {
  it('escapes a hostile key name everywhere and spells out its hidden characters', async () => {
    const { doc } = await signedBootstrap();
    const { html } = ceremonyRecord(doc, { audit: [], generatedAt: NOW, now: NOW.getTime() });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;\\u202eEvil');
    expect(html).not.toContain('\u202e');
  });

  it('lists a signature with the audit entry over the same bytes, and says so when there is none', async () => {
    const { doc, sha256 } = await signedBootstrap();
    const stale = ceremonyRecord(doc, { audit: [entry({})], generatedAt: NOW, now: NOW.getTime() }).html;
    expect(stale).toContain('signed elsewhere (not recorded in this audit log)');
    const html = ceremonyRecord(doc, { audit: [entry({ signedSha256: sha256, keySource: { kind: 'token', serial: '18158855', label: 'YubiKey PIV' } })], generatedAt: NOW, now: NOW.getTime() }).html;
    expect(html).toContain('<td>2026-12-03T10:05:00.000Z</td><td>token YubiKey PIV #18158855</td>');
    expect(describeSignature(undefined).when).toBe('not recorded on this laptop');
  });

  it('draws one edge per key a role lists, the online key dashed', async () => {
    const { doc } = await signedBootstrap();
    const root = ceremonyRecord(doc, { audit: [], generatedAt: NOW, now: NOW.getTime() }).review.roles[0]!.root!;
    const svg = trustGraphSvg(root);
    // root -> 2 keys, timestamp/snapshot/targets -> the online key.
    expect(svg.match(/<path class="tg-edge"/g)).toHaveLength(2);
    expect(svg.match(/<path class="tg-edge tg-online"/g)).toHaveLength(3);
    expect(svg).toContain('2 of 2 keys');
  });
});
