// The formats RSTUF is adding (issue 14, item 5), on RSTUF-shaped fixtures (test/fixtures/formats,
// built from RSTUF's own ceremony.json and sign_pending_roles.json; see README.md there): free-form
// x-<vendor>-<name> fields on root, a Sigstore root key, an fn:<file name> online key URI, custom
// delegations signed by the online key (no key ids), hash bins nested under a delegation
// (x-rstuf-num-bins) with their role-specific online key (x-rstuf-role-online-key). Each is said in
// words by the review, and kept byte-exact through import -> review -> sign -> export: the
// canonical JSON of the exported document is the imported one plus the new signatures, and
// securesystemslib's canonical bytes of the original file are what the signatures cover.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../../shared/tuf/canonical.js';
import type { RoleReview } from '../../shared/review/types.js';
import { buildUpdatePayload } from '../../shared/ceremony/build.js';
import { reviewDocument } from '../../main/core/review/review-document.js';
import { renderReviewText } from '../../main/core/review/render-text.js';
import { matchSignerKey, signDocument } from '../../main/core/signers/sign-document.js';
import { roleStatus } from '../../main/core/tuf/authorization.js';
import { checkDocument, loadDocumentText } from '../../main/core/tuf/load-document.js';
import { publicKeyIdentity } from '../../main/core/tuf/tuf-keys.js';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { fixtureKey, NOW, type TestKey } from '../helpers/review-keys.js';
import { pythonSslibAvailable, runPython } from '../helpers/python-sslib.js';

const hasPython = pythonSslibAvailable();
const FORMATS = join(REPO_ROOT, 'test/fixtures/formats');
const JH_ID = 'c6d8bf2e4f48b41ac2ce8eca21415ca8ef68c133b47fc33df03d4070a7e1e9cc';
const JJ_ID = '50d7e110ad65f3b2dba5c3cfc8c5ca259be9774cc26be3410044ffd4be3aa5f3';
const SIGSTORE_ID = 'aaa2d32a3efb39ca54bf16d14157f85e397bff6cbe6aefd742d5ed6a5b8b3a92';

const notes = (r: RoleReview, code: string): string[] => r.warnings.filter((w) => w.code === code).map((w) => w.message);

describe.skipIf(!hasPython)('RSTUF formats: said in words, kept byte-exact after signing', () => {
  let JH: TestKey;
  let JJ: TestKey;
  let dir: string;
  beforeAll(() => {
    JH = fixtureKey('JH.ed25519', "JimiHendrix's Key");
    JJ = fixtureKey('JJ.ecdsa', "JanisJoplin's Key");
    dir = mkdtempSync(join(tmpdir(), 'formats-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('bootstrap payload: extra root fields, a Sigstore key, fn: online key, nested bins under a delegation', async () => {
    const file = join(FORMATS, 'ceremony-formats.json');
    const text = readFileSync(file, 'utf8');
    const doc = loadDocumentText(text, 'ceremony-formats.json');
    const review = reviewDocument(doc, { now: NOW });
    const root = review.roles[0] as RoleReview;

    // Nothing here is a danger; the Sigstore key id is RSTUF's variant (it hashes the key's name too).
    expect(root.warnings.filter((w) => w.level === 'danger')).toEqual([]);
    expect(root.warnings.map((w) => w.code)).toEqual(['keyid-variant', 'extra-fields', 'signs-elsewhere', 'delegation-signing', 'delegation-signing']);
    expect(notes(root, 'extra-fields')).toEqual([
      `Root carries 2 fields beyond TUF's own, kept and signed exactly as they are: x-acme-ceremony-note = "Ceremony 2026-12-03, room 4; witnesses: Bea, Carl"; x-acme-policy = {"review":"two-person","version":3}.`,
    ]);
    expect(notes(root, 'signs-elsewhere')).toEqual([
      'alice@example.org in root is a Sigstore identity alice@example.org (issuer https://github.com/login/oauth), signs elsewhere (online, not from this laptop): its signature is made with Sigstore and checked by RSTUF, so this laptop neither signs with it nor counts it.',
    ]);
    expect(notes(root, 'delegation-signing')).toEqual([
      'This ceremony creates delegated role "fastapi": RSTUF\'s online key signs it (the role lists no key ids); 16 hash bins nested below it (x-rstuf-num-bins), made and signed online by RSTUF, with its own online key fastapi bins key (cb20fa10) (RSTUF\'s worker loads it from the file "fastapi-bins.pem" in its RSTUF_ONLINE_KEY_DIR (fn:fastapi-bins.pem)), which signs the bins only, never "fastapi" itself.',
      'This ceremony creates delegated role "pytorch": RSTUF\'s online key signs it (the role lists no key ids).',
    ]);
    expect(root.root?.extraFields).toEqual([
      { field: 'x-acme-ceremony-note', value: '"Ceremony 2026-12-03, room 4; witnesses: Bea, Carl"' },
      { field: 'x-acme-policy', value: '{"review":"two-person","version":3}' },
    ]);
    expect(root.root?.keys.find((k) => k.keyid === SIGSTORE_ID)?.signsElsewhere).toEqual({ identity: 'alice@example.org', issuer: 'https://github.com/login/oauth' });
    expect(root.signatures.lines).toEqual([
      "root v1: 0 of 2 required signatures; missing two of: JimiHendrix's Key, JanisJoplin's Key; alice@example.org signs elsewhere (Sigstore, online, not from this laptop; not counted here)",
    ]);
    const text1 = renderReviewText(review).join('\n');
    expect(text1).toContain(`online key: Online Key; RSTUF's worker loads it from the file "rstuf-online-key.pem" in its RSTUF_ONLINE_KEY_DIR (fn:rstuf-online-key.pem)`);
    expect(text1).toContain('x-acme-policy = {"review":"two-person","version":3}');

    // The Sigstore key is never one this laptop signs with: its identity is its own, stable one.
    const sigKey = (doc.pending[0]?.metadata.signed as unknown as { keys: Record<string, never> }).keys[SIGSTORE_ID];
    expect(publicKeyIdentity(sigKey)).toBe('sigstore:["https://github.com/login/oauth","alice@example.org"]');
    expect(publicKeyIdentity({ ...(sigKey as object), keyval: { identity: 'bob@example.org', issuer: 'https://github.com/login/oauth' } } as never)).not.toBe(publicKeyIdentity(sigKey));

    const first = await signDocument({ doc, signer: JH.signer });
    const second = await signDocument({ doc: checkDocument(first.signedDocument, 'ceremony-formats.json'), signer: JJ.signer });
    const out = join(dir, 'ceremony-signed.json');
    writeFileSync(out, JSON.stringify(second.signedDocument, null, 2));

    const before = JSON.parse(text);
    const after = JSON.parse(readFileSync(out, 'utf8'));
    expect(after.metadata.root.signatures.map((s: { keyid: string }) => s.keyid)).toEqual([JH_ID, JJ_ID]);
    const signatures = after.metadata.root.signatures;
    after.metadata.root.signatures = [];
    expect(canonicalize(after)).toBe(canonicalize(before));

    const signedDoc = checkDocument(second.signedDocument, 'ceremony-signed.json');
    const status = roleStatus(signedDoc, signedDoc.pending[0]!);
    expect(status.met).toBe(true);
    expect(status.thresholds[0]).toMatchObject({ valid: [JH_ID, JJ_ID], missing: [], elsewhere: [SIGSTORE_ID] });
    expect(status.refused).toEqual([]);

    // securesystemslib: its canonical bytes of the ORIGINAL file are what both signatures cover.
    const [canon] = runPython([{ op: 'canonical_file', file, path: ['metadata', 'root', 'signed'] }]);
    expect(Buffer.from(canon!.b64, 'base64').equals(Buffer.from(status.canonical))).toBe(true);
    const checked = runPython(signatures.map((s: { keyid: string; sig: string }) => ({ op: 'verify' as const, keyid: s.keyid, key: before.metadata.root.signed.keys[s.keyid], sig: s.sig, data_b64: canon!.b64 })));
    expect(checked).toEqual([{ ok: true }, { ok: true }]);
  });

  it('sign-pending delegated role: nested bins with a role online key, online-key-signed roles, extra fields, all kept', async () => {
    const file = join(FORMATS, 'sign-pending-formats.json');
    const text = readFileSync(file, 'utf8');
    const doc = loadDocumentText(text, 'sign-pending-formats.json');
    const review = reviewDocument(doc, { now: NOW });
    const role = review.roles[0] as RoleReview;
    expect(role.role).toBe('advisories');
    expect(notes(role, 'delegation-signing')).toEqual([
      'Delegated role "advisories-cve": RSTUF\'s online key signs it (the role lists no key ids); 4 hash bins nested below it (x-rstuf-num-bins), made and signed online by RSTUF, with its own online key fastapi bins key (cb20fa10) (RSTUF\'s worker loads it from the file "fastapi-bins.pem" in its RSTUF_ONLINE_KEY_DIR (fn:fastapi-bins.pem)), which signs the bins only, never "advisories-cve" itself.',
    ]);
    expect(role.warnings.filter((w) => w.level === 'danger')).toEqual([]);
    expect(role.signatures.lines).toEqual(['delegation "advisories" in targets v1: 0 of 1 required signature; missing one of: JimiHendrix\'s Key']);

    // The role-specific online key is in delegations.keys but in no role's keyids: it can never be
    // matched as a key that signs "advisories", nor "fastapi" (whose keyids are empty).
    const trustedDelegations = doc.trustedTargets?.signed.delegations;
    const fastapi = trustedDelegations?.roles?.find((r) => r.name === 'fastapi');
    expect(fastapi?.keyids).toEqual([]);

    const outcome = await signDocument({ doc, signer: JH.signer });
    expect(outcome.signPayload.role).toBe('advisories');
    const before = JSON.parse(text);
    const after = JSON.parse(JSON.stringify(outcome.signedDocument));
    expect(after.data.metadata.advisories.signatures).toEqual([outcome.signature]);
    after.data.metadata.advisories.signatures = [];
    expect(canonicalize(after)).toBe(canonicalize(before));

    const [canon] = runPython([{ op: 'canonical_file', file, path: ['data', 'metadata', 'advisories', 'signed'] }]);
    expect(Buffer.from(canon!.b64, 'base64').equals(Buffer.from(outcome.status.canonical))).toBe(true);
    const [verdict] = runPython([{ op: 'verify', keyid: JH_ID, key: before.data.metadata.trusted_targets.signed.delegations.keys[JH_ID], sig: outcome.signature.sig, data_b64: canon!.b64 }]);
    expect(verdict).toEqual({ ok: true });
  });

  it('a delegated role whose delegation lists no key ids is said to be signed by the online key, and no offline key signs it', async () => {
    const json = JSON.parse(readFileSync(join(FORMATS, 'sign-pending-formats.json'), 'utf8'));
    const metadata = json.data.metadata;
    metadata.fastapi = metadata.advisories;
    delete metadata.advisories;
    const doc = checkDocument(json, 'fastapi.json');
    const review = reviewDocument(doc, { now: NOW });
    expect(review.roles[0]?.signatures.lines).toEqual(['delegation "fastapi" in targets v1: lists no key ids, so RSTUF\'s online key signs this role; no offline key can sign it']);
    await expect(signDocument({ doc, signer: JH.signer })).rejects.toThrow(/fastapi.*is signed by RSTUF's online key \(its delegation lists no key ids\); no offline key can sign it/);
  });

  it('a root field not named x-<vendor>-<name> is listed too, with a warning that RSTUF refuses it', () => {
    const json = JSON.parse(readFileSync(join(FORMATS, 'ceremony-formats.json'), 'utf8'));
    json.metadata.root.signed['x-note'] = 'two parts only';
    const root = reviewDocument(checkDocument(json, 'x.json'), { now: NOW }).roles[0] as RoleReview;
    expect(notes(root, 'extra-field-name')).toEqual(['Root field "x-note" is not named x-<vendor>-<name>: RSTUF\'s API refuses such a root.']);
    expect(notes(root, 'extra-fields')[0]).toContain('x-note = "two parts only"');
  });

  it('a root update built from the root keeps its x-<vendor>-<name> fields and Sigstore key unchanged', () => {
    const ceremony = JSON.parse(readFileSync(join(FORMATS, 'ceremony-formats.json'), 'utf8'));
    const trusted = ceremony.metadata.root;
    const built = buildUpdatePayload(trusted, { rootExpirationDays: 365 }, new Date(NOW), publicKeyIdentity);
    const signed = built.root.signed as unknown as Record<string, unknown> & { keys: Record<string, unknown> };
    expect(signed['x-acme-ceremony-note']).toBe(trusted.signed['x-acme-ceremony-note']);
    expect(signed['x-acme-policy']).toEqual(trusted.signed['x-acme-policy']);
    expect(signed.keys[SIGSTORE_ID]).toEqual(trusted.signed.keys[SIGSTORE_ID]);
  });

  it('a Sigstore key never matches a key this laptop signs with, and its signature is not refused', () => {
    const doc = loadDocumentText(readFileSync(join(FORMATS, 'ceremony-formats.json'), 'utf8'), 'ceremony-formats.json');
    const signed = doc.pending[0]!.metadata.signed as unknown as { keys: Record<string, never>; roles: { root: { keyids: string[]; threshold: number } } };
    const authorizer = { label: 'root v1', keys: signed.keys, role: signed.roles.root };
    expect(matchSignerKey([authorizer], JH.key)?.keyid).toBe(JH_ID);
    // A damaged Sigstore key (no keyval) still has a stable identity of its own: nothing throws.
    expect(publicKeyIdentity({ keytype: 'sigstore-oidc', scheme: 'Fulcio' } as never)).toBe('sigstore:["",""]');
    expect(matchSignerKey([{ ...authorizer, role: { keyids: [SIGSTORE_ID], threshold: 1 } }], JH.key)).toBeUndefined();
    // A Sigstore signature (bundle and all) in a bootstrap payload: said to be checked elsewhere,
    // neither counted nor a reason for RSTUF to refuse the payload.
    const json = JSON.parse(JSON.stringify(doc.json));
    json.metadata.root.signatures = [{ keyid: SIGSTORE_ID, sig: '3045', bundle: { mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1' } }];
    const withSig = checkDocument(json, 'x.json');
    const status = roleStatus(withSig, withSig.pending[0]!);
    expect(status.signatures).toEqual([{ keyid: SIGSTORE_ID, name: 'alice@example.org', state: 'elsewhere', reason: 'a Sigstore signature: RSTUF checks it online; this laptop cannot' }]);
    expect(status.refused).toEqual([]);
    expect(status.thresholds[0]).toMatchObject({ valid: [], elsewhere: [SIGSTORE_ID] });
    const review = reviewDocument(withSig, { now: NOW });
    expect(review.roles[0]?.warnings.some((w) => w.code.startsWith('signature-'))).toBe(false);
    expect(review.roles[0]?.signatures.invalid).toEqual([]);
  });
});
