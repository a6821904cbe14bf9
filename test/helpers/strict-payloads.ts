// Payloads that carry one signature too many. RSTUF's worker refuses a bootstrap (and a metadata
// update) whole when any signature in it is invalid or made by a key the root does not authorize
// ("Bootstrap has invalid signature(s)"), even when the threshold is met; a sign-pending response
// (GET /api/v1/metadata/sign) is only a status, so a stray signature there is reported, not refused.
// Used by test/cli/strict-payload-signatures.test.ts and test/unit/services/strict-payload-export.test.ts.
import type { JsonObject } from '../../shared/json/strict-json.js';
import type { RootMetadata, TufSignature } from '../../shared/tuf/types.js';
import { cliFixture, readFixtureJson } from './fixtures.js';
import { clone, freshKey, rootSigned, signedRoot, signWith, type TestKey } from './review-keys.js';

export type StrictKind = 'bootstrap' | 'update' | 'sign-pending';

export interface ExtraSignatureCase {
  /** "ceremony.json + a signature by a key not in root". */
  name: string;
  kind: StrictKind;
  /** The whole RSTUF document, as a file holds it. */
  json: JsonObject;
  /** The root the pending root v(N>1) is judged against (--trusted-root, or the app's pin). */
  trustedRoot?: RootMetadata;
  /** The one extra signature, and what is wrong with it. */
  badKeyid: string;
  /** How messages name it: the key's x-rstuf-key-name when a root lists it, else its short key id. */
  badName: string;
  badState: 'invalid' | 'unauthorized';
  /** RSTUF's worker refuses the document for it (bootstrap and update payloads). */
  refused: boolean;
  /** Without the extra signature every threshold is met. */
  fullySignedOtherwise: boolean;
}

/** The signature with one byte (two hex digits) in its middle changed. */
export function flipOneByte(sig: string): string {
  const i = Math.floor(sig.length / 4) * 2;
  const byte = (parseInt(sig.slice(i, i + 2), 16) ^ 0x01).toString(16).padStart(2, '0');
  return sig.slice(0, i) + byte + sig.slice(i + 2);
}

const SETTINGS = (): JsonObject => clone(readFixtureJson(cliFixture('ceremony.json')).settings) as JsonObject;

/** A signature over `md.signed` by `key`, a fresh key that no root lists. */
async function outsider(md: RootMetadata, name = 'Mallory'): Promise<{ key: TestKey; signature: TufSignature }> {
  const key = freshKey(name);
  const { signatures } = await signWith(md.signed, [key]);
  return { key, signature: signatures[0] as TufSignature };
}

/** Root v1 and v2 (same keys A, B, C, threshold 2 of 3), each signed by A and B, C's signature byte-flipped. */
async function generatedRoots(): Promise<{ v1: RootMetadata; v2WithBadC: RootMetadata; c: TestKey }> {
  const [a, b, c] = [freshKey('Ada'), freshKey('Ben'), freshKey('Cai')] as [TestKey, TestKey, TestKey];
  const online = freshKey('Online Key');
  online.key['x-rstuf-online-key-uri'] = `fn:${online.keyid}`;
  const v1 = await signedRoot(rootSigned({ version: 1, root: [a, b, c], threshold: 2, online }), [a, b]);
  const v2 = await signedRoot(rootSigned({ version: 2, root: [a, b, c], threshold: 2, online, expires: '2031-01-01T00:00:00Z' }), [a, b, c]);
  const cSig = v2.signatures.find((s) => s.keyid === c.keyid) as TufSignature;
  cSig.sig = flipOneByte(cSig.sig);
  return { v1, v2WithBadC: v2, c };
}

async function generatedBootstrapWithBadC(): Promise<{ root: RootMetadata; c: TestKey }> {
  const { v1, c } = await generatedRoots();
  const withC = await signWith(v1.signed, [c]);
  const cSig = withC.signatures[0] as TufSignature;
  // The bad one first: its place in the list does not matter.
  return { root: { signed: v1.signed, signatures: [{ keyid: cSig.keyid, sig: flipOneByte(cSig.sig) }, ...v1.signatures] }, c };
}

export async function extraSignatureCases(): Promise<ExtraSignatureCase[]> {
  const cases: ExtraSignatureCase[] = [];

  // RSTUF's own fully signed bootstrap (JH + JJ, threshold 2), plus Mallory's signature.
  const ceremony = readFixtureJson(cliFixture('ceremony.json')) as JsonObject & { metadata: { root: RootMetadata } };
  const mallory = await outsider(ceremony.metadata.root);
  ceremony.metadata.root.signatures.push(mallory.signature);
  cases.push({ name: 'ceremony.json + a signature by a key not in root', kind: 'bootstrap', json: ceremony, badKeyid: mallory.key.keyid, badName: mallory.key.keyid.slice(0, 8), badState: 'unauthorized', refused: true, fullySignedOtherwise: true });

  // A bootstrap signed by Ada and Ben (2 of 3), plus Cai's signature with one byte flipped.
  const boot = await generatedBootstrapWithBadC();
  cases.push({
    name: 'a bootstrap signed by 2 of 3 + an invalid signature (one byte flipped) by the third root key',
    kind: 'bootstrap',
    json: { settings: SETTINGS(), metadata: { root: clone(boot.root) as unknown as JsonObject }, timeout: 300 },
    badKeyid: boot.c.keyid,
    badName: 'Cai',
    badState: 'invalid',
    refused: true,
    fullySignedOtherwise: true,
  });

  // RSTUF's own root v2 update (JH for v1; JJ + JC for v2), plus Mallory's signature.
  const update = readFixtureJson(cliFixture('update.json')) as JsonObject & { metadata: { root: RootMetadata } };
  // Root v1 as bootstrapped (v1.json holds the same signed root, but JH's signature on it does not verify).
  const v1 = (readFixtureJson(cliFixture('ceremony.json')) as { metadata: { root: RootMetadata } }).metadata.root;
  const mallory2 = await outsider(update.metadata.root);
  update.metadata.root.signatures.push(mallory2.signature);
  cases.push({ name: 'update.json + a signature by a key not in either root', kind: 'update', json: update, trustedRoot: v1, badKeyid: mallory2.key.keyid, badName: mallory2.key.keyid.slice(0, 8), badState: 'unauthorized', refused: true, fullySignedOtherwise: true });

  // A root v2 update signed by Ada and Ben, with Cai's signature byte-flipped.
  const rotation = await generatedRoots();
  cases.push({
    name: 'a root v2 update signed by 2 of 3 + an invalid signature (one byte flipped) by the third root key',
    kind: 'update',
    json: { metadata: { root: clone(rotation.v2WithBadC) as unknown as JsonObject } },
    trustedRoot: rotation.v1,
    badKeyid: rotation.c.keyid,
    badName: 'Cai',
    badState: 'invalid',
    refused: true,
    fullySignedOtherwise: true,
  });

  // The same root v2 pending in RSTUF (GET /api/v1/metadata/sign): reported, not refused.
  const pending = await generatedRoots();
  cases.push({
    name: 'a sign-pending root v2 signed by 2 of 3 + an invalid signature by the third root key',
    kind: 'sign-pending',
    json: { data: { metadata: { root: clone(pending.v2WithBadC) as unknown as JsonObject, trusted_root: clone(pending.v1) as unknown as JsonObject } }, message: 'Metadata role(s) pending signing' },
    badKeyid: pending.c.keyid,
    badName: 'Cai',
    badState: 'invalid',
    refused: false,
    fullySignedOtherwise: true,
  });
  const pendingFixture = readFixtureJson(cliFixture('sign_pending_roles.json')) as JsonObject & { data: { metadata: { root: RootMetadata } } };
  const mallory3 = await outsider(pendingFixture.data.metadata.root);
  pendingFixture.data.metadata.root.signatures.push(mallory3.signature);
  cases.push({
    name: 'sign_pending_roles.json + a signature by a key not in either root',
    kind: 'sign-pending',
    json: pendingFixture,
    badKeyid: mallory3.key.keyid,
    badName: mallory3.key.keyid.slice(0, 8),
    badState: 'unauthorized',
    refused: false,
    // JH (trusted root v1) has not signed root v2 yet.
    fullySignedOtherwise: false,
  });
  return cases;
}
