// One key, many spellings: a public key written another way (PEM without its final newline, with
// CRLF line endings, re-wrapped, an EC point in compressed form, PKCS#1 RSA, ed25519 hex in upper
// case, keytype "ecdsa-sha2-nistp256" instead of "ecdsa") gets another, perfectly correct key id.
// python-tuf (and so RSTUF's worker and every TUF client) counts signatures by key id, so a root
// that lists holder Bo's key a second time in another spelling lets Bo's one signature count
// twice. Every place that judges keys must see one key: the engine's threshold count, the trust
// chain, the review's warnings, signing, and the ceremony rules (update wizard, `rstuf-signer
// update`). And where no key repeats, our count must be python-tuf's count (@tufjs/models
// implements the same algorithm: Metadata.verifyDelegate counts distinct key ids).
import { createPublicKey } from 'node:crypto';
import fc from 'fast-check';
import { Metadata, MetadataKind } from '@tufjs/models';
import { beforeAll, describe, expect, it } from 'vitest';
import { SignerError } from '../../../../shared/errors.js';
import { buildUpdatePayload, validateRootChanges } from '../../../../shared/ceremony/build.js';
import { DEFAULT_EXPIRATION } from '../../../../shared/ceremony/defaults.js';
import { CeremonyRulesError, RULES, validateBootstrap } from '../../../../shared/ceremony/rules.js';
import type { BootstrapInput, NamedKey, OnlineKey, RuleProblem } from '../../../../shared/ceremony/types.js';
import type { JsonObject } from '../../../../shared/json/strict-json.js';
import { canonicalBytes } from '../../../../shared/tuf/canonical.js';
import { readDocument, type RstufDocument } from '../../../../shared/tuf/documents.js';
import type { RootMetadata, TargetsMetadata, TufKey, TufRootSigned, TufSignature, TufTargetsSigned } from '../../../../shared/tuf/types.js';
import { computeKeyId, publicKeyIdentity, sameKey } from '../../../../main/core/tuf/tuf-keys.js';
import { verifySignature } from '../../../../main/core/tuf/verify.js';
import { KeyFileSigner } from '../../../../main/core/signers/key-file-signer.js';
import { signDocument } from '../../../../main/core/signers/sign-document.js';
import { roleStatus } from '../../../../main/core/tuf/authorization.js';
import { preflightSigning } from '../../../../main/services/sign-service.js';
import { reviewDocument } from '../../../../main/core/review/review-document.js';
import { verifyRootLink } from '../../../../main/core/trust/chain.js';
import { makeKey } from '../../../helpers/ceremony-keys.js';
import { cliFixture, readFixtureJson } from '../../../helpers/fixtures.js';
import { NOW } from '../../../helpers/review-keys.js';
import { thrownSignerError } from '../../../helpers/signer-error.js';

type KeyType = 'ed25519' | 'ecdsa' | 'rsa';

interface Holder {
  name: string;
  keyid: string;
  /** The key as securesystemslib writes it, named. */
  key: TufKey;
  signer: KeyFileSigner;
}

function makeHolder(name: string, type: KeyType): Holder {
  const signer = new KeyFileSigner(makeKey(name, type).privateKey, `test key ${name}`);
  const key: TufKey = { ...signer.publicKey, 'x-rstuf-key-name': name };
  return { name, keyid: computeKeyId(key), key, signer };
}

// ------------------------------------------------------------------ the spellings

const base64Of = (pem: string): string => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
function pem(label: string, base64: string, { width = 64, eol = '\n', finalNewline = true } = {}): string {
  const lines = base64.match(new RegExp(`.{1,${width}}`, 'g')) ?? [];
  return [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`].join(eol) + (finalNewline ? eol : '');
}
const withPublic = (key: TufKey, value: string): TufKey => ({ keytype: key.keytype, scheme: key.scheme, keyval: { public: value } });

/** SubjectPublicKeyInfo of a P-256 key with its point compressed (02/03 || X), as some tools write it. */
function compressedP256(key: TufKey): string {
  const jwk = createPublicKey(key.keyval.public).export({ format: 'jwk' });
  const x = Buffer.from(String(jwk.x), 'base64url');
  const y = Buffer.from(String(jwk.y), 'base64url');
  const prefix = Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex');
  const der = Buffer.concat([prefix, Buffer.from([(y[y.length - 1] as number) & 1 ? 0x03 : 0x02]), x]);
  return pem('PUBLIC KEY', der.toString('base64'));
}

interface Spelling {
  what: string;
  type: KeyType;
  /** The same public key, written another way (only keytype, scheme and keyval). */
  spell: (key: TufKey) => TufKey;
}

const SPELLINGS: Spelling[] = [
  { what: 'ed25519 hex in upper case', type: 'ed25519', spell: (k) => withPublic(k, k.keyval.public.toUpperCase()) },
  { what: 'ecdsa PEM without its final newline', type: 'ecdsa', spell: (k) => withPublic(k, k.keyval.public.trimEnd()) },
  { what: 'ecdsa PEM with CRLF line endings', type: 'ecdsa', spell: (k) => withPublic(k, k.keyval.public.replace(/\n/g, '\r\n')) },
  { what: 'ecdsa PEM re-wrapped at 76 columns', type: 'ecdsa', spell: (k) => withPublic(k, pem('PUBLIC KEY', base64Of(k.keyval.public), { width: 76 })) },
  { what: 'ecdsa PEM on one line', type: 'ecdsa', spell: (k) => withPublic(k, pem('PUBLIC KEY', base64Of(k.keyval.public), { width: 1000 })) },
  { what: 'ecdsa SPKI with a compressed EC point', type: 'ecdsa', spell: (k) => withPublic(k, compressedP256(k)) },
  { what: 'ecdsa compressed point, CRLF, no final newline', type: 'ecdsa', spell: (k) => withPublic(k, compressedP256(k).replace(/\n/g, '\r\n').trimEnd()) },
  { what: 'keytype "ecdsa-sha2-nistp256" instead of "ecdsa"', type: 'ecdsa', spell: (k) => ({ ...withPublic(k, k.keyval.public), keytype: 'ecdsa-sha2-nistp256' }) },
  {
    what: 'rsa PKCS#1 "BEGIN RSA PUBLIC KEY"',
    type: 'rsa',
    spell: (k) => withPublic(k, String(createPublicKey(k.keyval.public).export({ format: 'pem', type: 'pkcs1' }))),
  },
  { what: 'rsa PEM without its final newline', type: 'rsa', spell: (k) => withPublic(k, k.keyval.public.trimEnd()) },
  { what: 'rsa PEM with CRLF line endings', type: 'rsa', spell: (k) => withPublic(k, k.keyval.public.replace(/\n/g, '\r\n')) },
];

// ------------------------------------------------------------------ documents

const SETTINGS = readFixtureJson(cliFixture('ceremony.json')).settings as JsonObject;
const EXPIRES = '2030-01-01T00:00:00Z';
function rootOf(version: number, keys: Record<string, TufKey>, rootKeyids: string[], threshold: number, onlineKeyid: string): TufRootSigned {
  const o = { keyids: [onlineKeyid], threshold: 1 };
  return {
    _type: 'root',
    spec_version: '1.0.31',
    version,
    expires: EXPIRES,
    consistent_snapshot: true,
    keys,
    roles: { root: { keyids: rootKeyids, threshold }, timestamp: { ...o }, snapshot: { ...o }, targets: { ...o } },
  };
}

async function sigOf(holder: Holder, signed: TufRootSigned, keyid = holder.keyid): Promise<TufSignature> {
  return { keyid, sig: Buffer.from(await holder.signer.sign(canonicalBytes(signed))).toString('hex') };
}

const bootstrapDoc = (root: RootMetadata): RstufDocument => readDocument(JSON.parse(JSON.stringify({ settings: SETTINGS, metadata: { root }, timeout: 300 })));
const signPendingDoc = (root: RootMetadata, trusted: RootMetadata): RstufDocument =>
  readDocument(JSON.parse(JSON.stringify({ data: { metadata: { root, trusted_root: trusted } }, message: 'Metadata role(s) pending signature' })));

async function refusal(promise: Promise<unknown>): Promise<SignerError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SignerError) return error;
    throw error;
  }
  throw new Error('expected a SignerError, but signing succeeded');
}

// ------------------------------------------------------------------ keys

let holders: Record<KeyType, { bo: Holder; di: Holder }>;
let al: Holder;
let cy: Holder;
let onlineKey: Holder;

beforeAll(() => {
  holders = {
    ed25519: { bo: makeHolder('Bo', 'ed25519'), di: makeHolder('Di', 'ed25519') },
    ecdsa: { bo: makeHolder('Bo', 'ecdsa'), di: makeHolder('Di', 'ecdsa') },
    rsa: { bo: makeHolder('Bo', 'rsa'), di: makeHolder('Di', 'rsa') },
  };
  al = makeHolder('Al', 'ed25519');
  cy = makeHolder('Cy', 'ed25519');
  onlineKey = makeHolder('Online Key', 'ed25519');
  onlineKey.key['x-rstuf-online-key-uri'] = `fn:${onlineKey.keyid}`;
});

/** Bo's key in `spelling`, named `name`, under its own correct key id. */
function twinOf(spelling: Spelling, holder: Holder, name: string): { keyid: string; key: TufKey } {
  const key: TufKey = { ...spelling.spell(holder.key), 'x-rstuf-key-name': name };
  return { keyid: computeKeyId(key), key };
}

describe.each(SPELLINGS)('one key spelled as $what', (spelling) => {
  const bo = (): Holder => holders[spelling.type].bo;

  it('is another text under another, correct key id, that verifies the same signatures, and is the same key', async () => {
    const twin = twinOf(spelling, bo(), 'Cy');
    // Another spelling: another key id (which hashes keytype, scheme and keyval as written).
    expect(twin.keyid).not.toBe(bo().keyid);
    expect(twin.keyid).toBe(computeKeyId(twin.key));
    // A real spelling: the re-spelled key verifies Bo's signature, as a TUF client would accept it.
    const bytes = canonicalBytes({ hello: 'world' });
    const sig = Buffer.from(await bo().signer.sign(bytes)).toString('hex');
    expect(verifySignature(twin.key, sig, bytes)).toBe(true);

    expect(sameKey(twin.key, bo().key)).toBe(true);
    expect(sameKey(bo().key, twin.key)).toBe(true);
    expect(publicKeyIdentity(twin.key)).toBe(publicKeyIdentity(bo().key));
    // Frozen keys (imported metadata is sealed) are remembered: still the same identity.
    const frozen = Object.freeze({ ...twin.key, keyval: Object.freeze({ ...twin.key.keyval }) });
    expect(publicKeyIdentity(frozen)).toBe(publicKeyIdentity(bo().key));
    // And it is not any other key.
    expect(sameKey(twin.key, holders[spelling.type].di.key)).toBe(false);
    expect(publicKeyIdentity(twin.key)).not.toBe(publicKeyIdentity(holders[spelling.type].di.key));
  });

  /** Bootstrap root v1: Al, Bo, and Bo again (spelled otherwise, named "Cy"); threshold 2; Bo's one signature under both ids. */
  async function bootstrapWithBoTwice(signatures: 'bo-twice' | 'none') {
    const twin = twinOf(spelling, bo(), 'Cy');
    const signed = rootOf(1, { [al.keyid]: al.key, [bo().keyid]: bo().key, [twin.keyid]: twin.key, [onlineKey.keyid]: onlineKey.key }, [al.keyid, bo().keyid, twin.keyid], 2, onlineKey.keyid);
    const sig = await sigOf(bo(), signed);
    const sigs = signatures === 'none' ? [] : [sig, { keyid: twin.keyid, sig: sig.sig }];
    return { twin, doc: bootstrapDoc({ signed, signatures: sigs }) };
  }

  it('bootstrap root v1 listing Bo twice: counted 1 of 2, a danger naming both key ids and names, and signing is refused', async () => {
    const { twin, doc } = await bootstrapWithBoTwice('bo-twice');
    const pending = doc.pending[0]!;

    // The engine's one count: Bo's signature counts once, whatever key id it is filed under.
    const status = roleStatus(doc, pending);
    expect(status.thresholds).toHaveLength(1);
    expect(status.thresholds[0]).toMatchObject({ required: 2, valid: [bo().keyid], met: false });
    expect(status.met).toBe(false);
    // Both copies verify, so nothing is refused: the danger is the duplicate, not a bad signature.
    expect(status.refused).toEqual([]);

    // The review: a danger naming both full key ids and both names.
    const review = reviewDocument(doc, { now: NOW });
    expect(review.roles[0]!.threshold.met).toBe(false);
    const dup = review.roles[0]!.warnings.filter((w) => w.code === 'duplicate-keys');
    expect(dup).toHaveLength(1);
    expect(dup[0]!.level).toBe('danger');
    for (const part of [bo().keyid, twin.keyid, 'Bo', 'Cy']) expect(dup[0]!.message).toContain(part);

    // Signing with Bo's key: refused, naming both key ids.
    const refused = await refusal(signDocument({ doc, signer: bo().signer }));
    expect(refused.code).toBe('KEY_LISTED_TWICE');
    expect(refused.message).toContain(bo().keyid);
    expect(refused.message).toContain(twin.keyid);
    // And by the app's (and the CLI's) one signing path, before any passphrase is asked for.
    const preflight = thrownSignerError(() => preflightSigning({ doc, reviewed: [{ role: 'root', sha256: status.sha256 }], itemName: 'ceremony-payload.json' }));
    expect(preflight.code).toBe('KEY_LISTED_TWICE');
    expect(preflight.message).toContain(bo().keyid);
    expect(preflight.message).toContain(twin.keyid);
  });

  it('the same bootstrap unsigned: the first signer (Bo, or Al) is refused too', async () => {
    const { twin, doc } = await bootstrapWithBoTwice('none');
    for (const signer of [bo().signer, al.signer]) {
      const refused = await refusal(signDocument({ doc, signer }));
      expect(refused.code).toBe('KEY_LISTED_TWICE');
      expect(refused.message).toContain(bo().keyid);
      expect(refused.message).toContain(twin.keyid);
    }
  });

  it('pending root v2 that replaces Cy by Bo spelled otherwise (named "Cy"): 1 of 2 for the new root, the chain refuses it, and signing is refused', async () => {
    const trustedSigned = rootOf(1, { [al.keyid]: al.key, [bo().keyid]: bo().key, [cy.keyid]: cy.key, [onlineKey.keyid]: onlineKey.key }, [al.keyid, bo().keyid, cy.keyid], 2, onlineKey.keyid);
    const trusted: RootMetadata = { signed: trustedSigned, signatures: [await sigOf(al, trustedSigned), await sigOf(bo(), trustedSigned)] };
    const twin = twinOf(spelling, bo(), 'Cy');
    const signed = rootOf(2, { [al.keyid]: al.key, [bo().keyid]: bo().key, [twin.keyid]: twin.key, [onlineKey.keyid]: onlineKey.key }, [al.keyid, bo().keyid, twin.keyid], 2, onlineKey.keyid);
    const boSig = await sigOf(bo(), signed);
    // The old Cy signs for the trusted root; Bo's one signature is filed under both of its key ids.
    const next: RootMetadata = { signed, signatures: [boSig, { keyid: twin.keyid, sig: boSig.sig }, await sigOf(cy, signed)] };
    const doc = signPendingDoc(next, trusted);

    const status = roleStatus(doc, doc.pending[0]!);
    expect(status.thresholds.map((t) => t.label)).toEqual(['trusted root v1', 'new root v2']);
    expect(status.thresholds[0]).toMatchObject({ valid: [bo().keyid, cy.keyid], met: true });
    expect(status.thresholds[1]).toMatchObject({ required: 2, valid: [bo().keyid], met: false });
    expect(status.met).toBe(false);

    // The trust chain counts the same way: root v2 does not follow from root v1.
    const link = thrownSignerError(() => verifyRootLink(trusted, next));
    expect(link.code).toBe('TRUST_CHAIN_BROKEN');

    const review = reviewDocument(doc, { now: NOW });
    const dup = review.roles[0]!.warnings.filter((w) => w.code === 'duplicate-keys');
    expect(dup).toHaveLength(1);
    expect(dup[0]!.level).toBe('danger');
    for (const part of [bo().keyid, twin.keyid, 'Bo', 'Cy']) expect(dup[0]!.message).toContain(part);

    const refused = await refusal(signDocument({ doc, signer: al.signer }));
    expect(refused.code).toBe('KEY_LISTED_TWICE');
    expect(refused.message).toContain(bo().keyid);
    expect(refused.message).toContain(twin.keyid);
    const preflight = thrownSignerError(() => preflightSigning({ doc, role: 'root', reviewed: [{ role: 'root', sha256: status.sha256 }], itemName: 'sign-pending.json' }));
    expect(preflight.code).toBe('KEY_LISTED_TWICE');
  });

  it('an online key that is a root key spelled otherwise is caught (online-key-is-root-key)', async () => {
    const twin = twinOf(spelling, bo(), 'Online Key');
    twin.key['x-rstuf-online-key-uri'] = `fn:${twin.keyid}`;
    const signed = rootOf(1, { [al.keyid]: al.key, [bo().keyid]: bo().key, [twin.keyid]: twin.key }, [al.keyid, bo().keyid], 2, twin.keyid);
    const doc = bootstrapDoc({ signed, signatures: [] });
    const warnings = reviewDocument(doc, { now: NOW }).roles[0]!.warnings;
    const online = warnings.filter((w) => w.code === 'online-key-is-root-key');
    expect(online.length).toBeGreaterThanOrEqual(1);
    expect(online.every((w) => w.level === 'danger')).toBe(true);
  });

  it('a rotation that only re-spells the trusted root keys does not say "all root keys replaced"; one that does replace them does', async () => {
    const { bo: b, di } = holders[spelling.type];
    const trustedSigned = rootOf(1, { [b.keyid]: b.key, [di.keyid]: di.key, [onlineKey.keyid]: onlineKey.key }, [b.keyid, di.keyid], 2, onlineKey.keyid);
    const trusted: RootMetadata = { signed: trustedSigned, signatures: [await sigOf(b, trustedSigned), await sigOf(di, trustedSigned)] };
    const b2 = twinOf(spelling, b, 'Bo');
    const d2 = twinOf(spelling, di, 'Di');
    const respelled = rootOf(2, { [b2.keyid]: b2.key, [d2.keyid]: d2.key, [onlineKey.keyid]: onlineKey.key }, [b2.keyid, d2.keyid], 2, onlineKey.keyid);
    const codes = (signed: TufRootSigned) => reviewDocument(signPendingDoc({ signed, signatures: [] }, trusted), { now: NOW }).roles[0]!.warnings.map((w) => w.code);
    expect(codes(respelled)).not.toContain('all-root-keys-replaced');
    const x = makeHolder('Xa', 'ed25519');
    const y = makeHolder('Yu', 'ed25519');
    const replaced = rootOf(2, { [x.keyid]: x.key, [y.keyid]: y.key, [onlineKey.keyid]: onlineKey.key }, [x.keyid, y.keyid], 2, onlineKey.keyid);
    expect(codes(replaced)).toContain('all-root-keys-replaced');
  });

  // The ceremony rules (shared/ceremony), which the update wizard (main/services/ceremony.ts) and
  // `rstuf-signer update` both call: a key holder adds "a new key" that is a root key already.
  describe('ceremony rules', () => {
    const named = (k: { keyid: string; key: TufKey }, name: string): NamedKey => ({ keyid: k.keyid, key: { keytype: k.key.keytype, scheme: k.key.scheme, keyval: { ...k.key.keyval } }, name });
    const rulesOf = (problems: RuleProblem[]) => problems.filter((p) => p.severity === 'error').map((p) => p.rule);
    const now = new Date(NOW);

    function trustedRootListing(listed: { keyid: string; key: TufKey }): RootMetadata {
      const signed = rootOf(1, { [al.keyid]: al.key, [listed.keyid]: listed.key, [onlineKey.keyid]: onlineKey.key }, [al.keyid, listed.keyid], 1, onlineKey.keyid);
      return { signed, signatures: [] };
    }

    it('update: adding Bo\'s key when the trusted root lists it spelled otherwise is refused (no-duplicate-keys)', () => {
      const trusted = trustedRootListing(twinOf(spelling, bo(), 'Bo'));
      const changes = { add: [named(bo(), 'Bo (new laptop)')] };
      expect(rulesOf(validateRootChanges(trusted, changes, now, publicKeyIdentity))).toContain(RULES.noDuplicateKeys);
      let error: unknown;
      try {
        buildUpdatePayload(trusted, changes, now, publicKeyIdentity);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CeremonyRulesError);
      expect((error as CeremonyRulesError).problems.map((p) => p.rule)).toContain(RULES.noDuplicateKeys);
    });

    it('update: adding Bo\'s key spelled otherwise when the trusted root lists it as written is refused (no-duplicate-keys)', () => {
      const trusted = trustedRootListing(bo());
      const changes = { add: [named(twinOf(spelling, bo(), 'Bo'), 'Bo (new laptop)')] };
      expect(rulesOf(validateRootChanges(trusted, changes, now, publicKeyIdentity))).toContain(RULES.noDuplicateKeys);
    });

    it('update: a new online key that is a root key spelled otherwise is refused (online-key-not-root-key)', () => {
      const trusted = trustedRootListing(bo());
      const twin = twinOf(spelling, bo(), 'Online 2');
      const onlineKeyChange: OnlineKey = { ...named(twin, 'Online 2'), uri: `fn:${twin.keyid}` };
      expect(rulesOf(validateRootChanges(trusted, { onlineKey: onlineKeyChange }, now, publicKeyIdentity))).toContain(RULES.onlineKeyNotRootKey);
    });

    function bootstrapInput(rootKeys: NamedKey[], onlineChoice: OnlineKey): BootstrapInput {
      return { expiration: { ...DEFAULT_EXPIRATION }, delegation: { kind: 'bins', count: 256 }, root: { threshold: 2, keys: rootKeys }, onlineKey: onlineChoice };
    }
    const onlineChoice = (): OnlineKey => ({ ...named(onlineKey, 'Online Key'), uri: `fn:${onlineKey.keyid}` });

    it('bootstrap: Bo\'s key given twice, once spelled otherwise, is refused (no-duplicate-keys) and counts once towards the threshold', () => {
      const input = bootstrapInput([named(al, 'Al'), named(bo(), 'Bo'), named(twinOf(spelling, bo(), 'Cy'), 'Cy')], onlineChoice());
      expect(rulesOf(validateBootstrap(input, publicKeyIdentity))).toContain(RULES.noDuplicateKeys);
      // Al and Bo are two keys: a threshold of 3 over "three" keys can never be met.
      const three = { ...input, root: { ...input.root, threshold: 3 } };
      expect(rulesOf(validateBootstrap(three, publicKeyIdentity))).toContain(RULES.thresholdRange);
    });

    it('bootstrap: an online key that is a root key spelled otherwise is refused (online-key-not-root-key)', () => {
      const twin = twinOf(spelling, bo(), 'Online Key');
      const input = bootstrapInput([named(al, 'Al'), named(bo(), 'Bo')], { ...named(twin, 'Online Key'), uri: `fn:${twin.keyid}` });
      expect(rulesOf(validateBootstrap(input, publicKeyIdentity))).toContain(RULES.onlineKeyNotRootKey);
    });
  });
});

// A custom delegated role ("prod", threshold 2) whose delegation in the trusted targets lists Bo's
// key twice: RSTUF and TUF clients count Bo's one signature, filed under both ids, as 2 of 2. The
// holder asked to sign prod must be told, and signing refused, as for a root listing a key twice
// (the spelling does not matter here: two of them).
describe.each(SPELLINGS.filter((s) => s.what === 'ed25519 hex in upper case' || s.what === 'ecdsa PEM with CRLF line endings'))('a delegated role whose delegation lists Bo twice ($what)', (spelling) => {
  const bo = (): Holder => holders[spelling.type].bo;

  async function prodPending(signatures: 'bo-twice' | 'none') {
    const twin = twinOf(spelling, bo(), 'Cy');
    const targetsSigned: TufTargetsSigned = {
      _type: 'targets',
      spec_version: '1.0.31',
      version: 1,
      expires: EXPIRES,
      targets: {},
      delegations: { keys: { [bo().keyid]: bo().key, [twin.keyid]: twin.key }, roles: [{ name: 'prod', keyids: [bo().keyid, twin.keyid], threshold: 2, terminating: true, paths: ['prod/*'] }] },
    };
    const trustedTargets: TargetsMetadata = { signed: targetsSigned, signatures: [] };
    const prodSigned: TufTargetsSigned = { _type: 'targets', spec_version: '1.0.31', version: 2, expires: EXPIRES, targets: {} };
    const sig = Buffer.from(await bo().signer.sign(canonicalBytes(prodSigned))).toString('hex');
    const prod: TargetsMetadata = { signed: prodSigned, signatures: signatures === 'none' ? [] : [{ keyid: bo().keyid, sig }, { keyid: twin.keyid, sig }] };
    const doc = readDocument(JSON.parse(JSON.stringify({ data: { metadata: { prod, trusted_targets: trustedTargets } }, message: 'Metadata role(s) pending signing' })));
    return { twin, doc };
  }

  it('is counted 1 of 2', async () => {
    const { doc } = await prodPending('bo-twice');
    const status = roleStatus(doc, doc.pending[0]!);
    expect(status.thresholds[0]).toMatchObject({ required: 2, valid: [bo().keyid], met: false });
    expect(status.met).toBe(false);
  });

  it('the review of the role says why: a duplicate-keys danger naming both key ids', async () => {
    const { twin, doc } = await prodPending('bo-twice');
    const dup = reviewDocument(doc, { now: NOW }).roles[0]!.warnings.filter((w) => w.code === 'duplicate-keys');
    expect(dup).toHaveLength(1);
    expect(dup[0]!.level).toBe('danger');
    expect(dup[0]!.message).toContain(bo().keyid);
    expect(dup[0]!.message).toContain(twin.keyid);
  });

  it('signing it with Bo\'s key is refused (KEY_LISTED_TWICE), naming both key ids', async () => {
    const { twin, doc } = await prodPending('none');
    const refused = await refusal(signDocument({ doc, signer: bo().signer }));
    expect(refused.code).toBe('KEY_LISTED_TWICE');
    expect(refused.message).toContain(bo().keyid);
    expect(refused.message).toContain(twin.keyid);
  });
});

// ------------------------------------------------------------------ agreement with python-tuf's count

/** How many distinct key ids of `delegator`'s root role verify `delegate` (python-tuf's count), and whether that meets the threshold. */
function tufjsCount(delegator: RootMetadata, delegate: RootMetadata): { count: number; met: boolean } {
  const model = (md: RootMetadata) => Metadata.fromJSON(MetadataKind.Root, JSON.parse(JSON.stringify(md)) as never);
  const target = model(delegate);
  let met = true;
  try {
    model(delegator).verifyDelegate('root', target);
  } catch {
    met = false;
  }
  // The count itself: ask again with a threshold no signature set can meet, and read "signed by N/T".
  const unreachable = JSON.parse(JSON.stringify(delegator)) as RootMetadata;
  unreachable.signed.roles.root!.threshold = 1000;
  let count = -1;
  try {
    model(unreachable).verifyDelegate('root', target);
  } catch (error) {
    const m = /signed by (\d+)\/1000 keys/.exec((error as Error).message);
    if (m) count = Number(m[1]);
  }
  return { count, met };
}

describe('our count and python-tuf\'s (@tufjs/models, which counts by key id as python-tuf does)', () => {
  let pool: Holder[];
  beforeAll(() => {
    // Distinct keys of every type; RSA is slow to sign, so only one.
    pool = [makeHolder('K0', 'ed25519'), makeHolder('K1', 'ed25519'), makeHolder('K2', 'ecdsa'), makeHolder('K3', 'ecdsa'), makeHolder('K4', 'rsa'), makeHolder('K5', 'ed25519')];
  });

  // For each key of the pool: whether it signs, and whether its signature is then broken (one byte flipped).
  const signing = fc.array(fc.constantFrom('no', 'signs', 'signs', 'broken'), { minLength: 6, maxLength: 6 });
  // Which keys a root lists (at least one).
  const listing = (max: number) => fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }).map((bits) => {
    const listed = bits.flatMap((b, i) => (b ? [i] : [])).slice(0, max);
    return listed.length > 0 ? listed : [0];
  });
  const flip = (sig: string, at: number): string => {
    const i = (at % (sig.length / 2)) * 2;
    const byte = (parseInt(sig.slice(i, i + 2), 16) ^ 0x5a).toString(16).padStart(2, '0');
    return sig.slice(0, i) + byte + sig.slice(i + 2);
  };

  async function signaturesFor(signed: TufRootSigned, plan: string[], flipAt: number): Promise<TufSignature[]> {
    const out: TufSignature[] = [];
    for (const [i, what] of plan.entries()) {
      if (what === 'no') continue;
      const s = await sigOf(pool[i]!, signed);
      out.push(what === 'broken' ? { keyid: s.keyid, sig: flip(s.sig, flipAt + i) } : s);
    }
    return out;
  }
  const keysOf = (ids: number[]): Record<string, TufKey> => Object.fromEntries([...ids.map((i) => [pool[i]!.keyid, pool[i]!.key] as const), [onlineKey.keyid, onlineKey.key] as const]);

  // Why a repeated key is a danger and never signed: python-tuf's count, by key id, counts Bo's one
  // signature once per spelling, and calls a threshold of 2 met.
  // (@tufjs/models reads RSA keys only as "BEGIN PUBLIC KEY", so the PKCS#1 spelling is left out here.)
  it.each(SPELLINGS.filter((s) => s.what !== 'rsa PKCS#1 "BEGIN RSA PUBLIC KEY"'))('where a key repeats ($what), python-tuf counts it twice and we count it once', async (spelling) => {
    const bo = holders[spelling.type].bo;
    const twin = twinOf(spelling, bo, 'Cy');
    const signed = rootOf(1, { [al.keyid]: al.key, [bo.keyid]: bo.key, [twin.keyid]: twin.key, [onlineKey.keyid]: onlineKey.key }, [al.keyid, bo.keyid, twin.keyid], 2, onlineKey.keyid);
    const sig = await sigOf(bo, signed);
    const md: RootMetadata = { signed, signatures: [sig, { keyid: twin.keyid, sig: sig.sig }] };
    expect(tufjsCount(md, md)).toEqual({ count: 2, met: true });
    const doc = readDocument(JSON.parse(JSON.stringify(md)));
    const ours = roleStatus(doc, doc.pending[0]!);
    expect(ours.thresholds[0]!.valid).toEqual([bo.keyid]);
    expect(ours.met).toBe(false);
  });

  it('agree wherever no key repeats: root v1 (bare metadata), random key sets, thresholds, signers (listed or not) and broken signatures', async () => {
    await fc.assert(
      fc.asyncProperty(
        listing(6),
        fc.nat(),
        signing,
        fc.nat(),
        async (listed, rawThreshold, plan, flipAt) => {
          // 1 .. one more than the keys listed (a threshold that can never be met is a case too).
          const threshold = 1 + (rawThreshold % (listed.length + 1));
          const signed = rootOf(1, keysOf(listed), listed.map((i) => pool[i]!.keyid), threshold, onlineKey.keyid);
          const md: RootMetadata = { signed, signatures: await signaturesFor(signed, plan, flipAt) };
          const doc = readDocument(JSON.parse(JSON.stringify(md)));
          expect(doc.kind).toBe('metadata');
          const ours = roleStatus(doc, doc.pending[0]!);
          const theirs = tufjsCount(md, md);
          expect(ours.thresholds[0]!.valid.length).toBe(theirs.count);
          expect(ours.met).toBe(theirs.met);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('agree wherever no key repeats: root v2 against a trusted root v1 (sign-pending), both thresholds, as a TUF client checks a rotation', async () => {
    await fc.assert(
      fc.asyncProperty(
        listing(4),
        listing(4),
        fc.nat(),
        fc.nat(),
        signing,
        fc.nat(),
        async (oldListed, newListed, rawOld, rawNew, plan, flipAt) => {
          const trustedSigned = rootOf(1, keysOf(oldListed), oldListed.map((i) => pool[i]!.keyid), 1 + (rawOld % oldListed.length), onlineKey.keyid);
          const trusted: RootMetadata = { signed: trustedSigned, signatures: [] };
          const signed = rootOf(2, keysOf(newListed), newListed.map((i) => pool[i]!.keyid), 1 + (rawNew % (newListed.length + 1)), onlineKey.keyid);
          const next: RootMetadata = { signed, signatures: await signaturesFor(signed, plan, flipAt) };
          const doc = signPendingDoc(next, trusted);
          const ours = roleStatus(doc, doc.pending[0]!);
          const byOld = tufjsCount(trusted, next);
          const byNew = tufjsCount(next, next);
          expect(ours.thresholds.map((t) => t.valid.length)).toEqual([byOld.count, byNew.count]);
          expect(ours.thresholds.map((t) => t.met)).toEqual([byOld.met, byNew.met]);
          expect(ours.met).toBe(byOld.met && byNew.met);
        },
      ),
      { numRuns: 25 },
    );
  });
});
