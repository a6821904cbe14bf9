// ecdsa P-521 (ecdsa-sha2-nistp521) end to end: a key made by keygen is written as encrypted PKCS#8,
// loaded back with its passphrase, signs a bootstrap root through the one signing path, and a
// SoftHSM2 P-521 key (made by pkcs11-tool, raw CKM_ECDSA over our sha512 digest) signs the same
// root. securesystemslib 1.2 itself (the first version that knows P-521; Debian trixie's .deb,
// extracted by scripts/ci/securesystemslib-1.2.sh and run on bookworm's /usr/bin/python3) then
// derives the canonical bytes and key ids from our file, verifies each signature and refuses
// tampered ones. The same check covers our other schemes (ed25519, P-256, P-384, rsassa-pss).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Metadata, MetadataKind } from '@tufjs/models';
import type { JsonValue } from '../../shared/json/strict-json.js';
import { canonicalBytes } from '../../shared/tuf/canonical.js';
import type { TufKey, TufRootSigned } from '../../shared/tuf/types.js';
import { generateKeyPair } from '../../main/core/keys/generate-key.js';
import { loadPrivateKey } from '../../main/core/keys/private-key-file.js';
import { KeyFileSigner } from '../../main/core/signers/key-file-signer.js';
import { createPkcs11Signer } from '../../main/core/signers/pkcs11-signer.js';
import { listKeys } from '../../main/core/tokens/token-list.js';
import { signDocument } from '../../main/core/signers/sign-document.js';
import { checkDocument } from '../../main/core/tuf/load-document.js';
import { roleStatus } from '../../main/core/tuf/authorization.js';
import { computeKeyId, tufKeyFromKeyObject } from '../../main/core/tuf/tuf-keys.js';
import { verifySignature } from '../../main/core/tuf/verify.js';
import { createSoftHsmToken, SOFTHSM_MODULE, softHsmAvailable, type SoftHsmToken } from '../helpers/hsm-softhsm.js';
import { cliFixture, FIXTURE_PASSWORD } from '../helpers/fixtures.js';
import { SSLIB12_SITE, sslib12Available, sslib12Check, verifiedBySslib12 } from './p521-sslib12.js';
import { createPublicKey } from 'node:crypto';

const hasSslib12 = sslib12Available();
const hasHsm = softHsmAvailable();
const PASSPHRASE = Buffer.from('correct horse battery staple');

function rootWith(keys: { keyid: string; key: TufKey }[], online: { keyid: string; key: TufKey }): TufRootSigned {
  const all: Record<string, TufKey> = {};
  for (const k of [...keys, online]) all[k.keyid] = k.key;
  const o = () => ({ keyids: [online.keyid], threshold: 1 });
  return {
    _type: 'root',
    spec_version: '1.0.31',
    version: 1,
    expires: '2030-01-01T00:00:00Z',
    consistent_snapshot: true,
    keys: all,
    roles: { root: { keyids: keys.map((k) => k.keyid), threshold: keys.length }, timestamp: o(), snapshot: o(), targets: o() },
  };
}

describe.skipIf(!hasSslib12 || !hasHsm)('ecdsa-sha2-nistp521: key file and SoftHSM2 token, verified by securesystemslib 1.2', () => {
  let dir: string;
  let token: SoftHsmToken;
  let hsmKey: TufKey;
  let savedConf: string | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'p521-'));
    token = createSoftHsmToken({ label: 'p521', keys: [] });
    spawnOk('pkcs11-tool', ['--module', SOFTHSM_MODULE, '--token-label', token.label, '--login', '--pin', token.pin, '--keypairgen', '--key-type', 'EC:secp521r1', '--id', '21', '--label', 'root-p521'], token.env);
    const pub = join(dir, 'hsm.der');
    spawnOk('pkcs11-tool', ['--module', SOFTHSM_MODULE, '--token-label', token.label, '--read-object', '--type', 'pubkey', '--id', '21', '-o', pub], token.env);
    // The TUF key comes from pkcs11-tool's export, not from the token code under test.
    hsmKey = tufKeyFromKeyObject(createPublicKey({ key: readFileSync(pub), format: 'der', type: 'spki' }));
    savedConf = process.env.SOFTHSM2_CONF;
    process.env.SOFTHSM2_CONF = token.conf;
  });
  afterAll(() => {
    if (savedConf === undefined) delete process.env.SOFTHSM2_CONF;
    else process.env.SOFTHSM2_CONF = savedConf;
    token?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keygen writes encrypted PKCS#8 P-521; a key file and a token key both sign root v1; securesystemslib 1.2 verifies both over its own canonical bytes and refuses them tampered', async () => {
    const generated = generateKeyPair('ecdsa-sha2-nistp521', PASSPHRASE);
    expect(generated.tufKey.scheme).toBe('ecdsa-sha2-nistp521');
    expect(generated.tufKey.keytype).toBe('ecdsa');
    expect(generated.encryptedPrivatePem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    // Without the passphrase the file cannot be loaded; with it, it is the P-521 key.
    expect(() => loadPrivateKey(generated.encryptedPrivatePem)).toThrow();
    const loaded = loadPrivateKey(generated.encryptedPrivatePem, PASSPHRASE);
    expect(loaded.key.asymmetricKeyDetails?.namedCurve).toBe('secp521r1');
    const fileSigner = new KeyFileSigner(loaded.key, 'p521.pem');
    expect(fileSigner.publicKey).toEqual(generated.tufKey);

    expect(hsmKey.scheme).toBe('ecdsa-sha2-nistp521');
    // Token discovery offers the P-521 key as usable, with the key pkcs11-tool exported.
    const [listed] = await listKeys(SOFTHSM_MODULE, token.serial);
    expect(listed).toMatchObject({ id: '21', type: 'ecdsa-p521', bits: 521, publicKey: hsmKey });
    expect(listed?.unusable).toBeUndefined();
    const fileKey = { keyid: generated.keyid, key: { ...generated.tufKey, 'x-rstuf-key-name': 'P-521 file' } };
    const tokenKey = { keyid: computeKeyId(hsmKey), key: { ...hsmKey, 'x-rstuf-key-name': 'P-521 token' } };
    const onlinePair = generateKeyPair('ed25519', PASSPHRASE);
    const online = { keyid: onlinePair.keyid, key: { ...onlinePair.tufKey, 'x-rstuf-key-name': 'Online', 'x-rstuf-online-key-uri': `fn:${onlinePair.keyid}` } };
    const payload = { settings: { roles: { root: { expiration: 365 } } }, metadata: { root: { signatures: [], signed: rootWith([fileKey, tokenKey], online) } }, timeout: 300 };

    let doc = checkDocument(payload as unknown as JsonValue, 'ceremony.json');
    const first = await signDocument({ doc, signer: fileSigner });
    expect(first.keyid).toBe(fileKey.keyid);
    doc = checkDocument(first.signedDocument, 'ceremony.json');

    const tokenSigner = await createPkcs11Signer({ modulePath: SOFTHSM_MODULE, token: token.serial, keyId: '21', expectedKey: hsmKey, pin: Buffer.from(token.pin) });
    let second;
    try {
      second = await signDocument({ doc, signer: tokenSigner });
    } finally {
      tokenSigner.dispose();
    }
    expect(second.keyid).toBe(tokenKey.keyid);
    // DER Dss-Sig-Value, as securesystemslib stores ECDSA signatures (P-521 r and s are up to 66 bytes).
    expect(second.signature.sig).toMatch(/^30/);
    const signed = checkDocument(second.signedDocument, 'ceremony.json');
    const status = roleStatus(signed, signed.pending[0]!);
    expect(status.thresholds[0]).toMatchObject({ required: 2, met: true });
    expect(status.signatures.map((s) => s.state)).toEqual(['valid', 'valid']);

    const out = join(dir, 'ceremony-signed.json');
    writeFileSync(out, JSON.stringify(second.signedDocument, null, 2));
    const root = (second.signedDocument as any).metadata.root;
    const py = sslib12Check(out, ['metadata', 'root']);
    expect(py.module.startsWith(`${SSLIB12_SITE}/securesystemslib/`)).toBe(true);
    // python's canonical bytes of our file are the bytes we signed and reviewed, byte for byte.
    expect(py.canonical.equals(Buffer.from(status.canonical))).toBe(true);
    expect(py.signatures).toEqual([verifiedBySslib12(fileKey.keyid, 'ecdsa-sha2-nistp521'), verifiedBySslib12(tokenKey.keyid, 'ecdsa-sha2-nistp521')]);

    // @tufjs/models reads the signed root unchanged (same canonical bytes); its verifier knows
    // P-256/P-384 only, so the signatures are checked by our verifier over its bytes.
    const parsed = Metadata.fromJSON(MetadataKind.Root, root as never);
    const theirBytes = canonicalBytes(parsed.signed.toJSON() as unknown as JsonValue);
    expect(Buffer.from(theirBytes).equals(Buffer.from(status.canonical))).toBe(true);
    for (const sig of root.signatures) expect(verifySignature(root.signed.keys[sig.keyid], sig.sig, theirBytes)).toBe(true);
    // A signature over other bytes does not verify: the check can fail.
    expect(verifySignature(fileKey.key, second.signature.sig, theirBytes)).toBe(false);
  });
});

describe.skipIf(!hasSslib12)('securesystemslib 1.2 also verifies our ed25519, P-256, P-384 and rsassa-pss signatures', () => {
  it('RSTUF\'s key files (JH ed25519, JJ P-256, JC rsa) and a keygen P-384 key sign one root; each verifies, tampered ones are refused', async () => {
    const password = Buffer.from(FIXTURE_PASSWORD);
    const signers = ['JH.ed25519', 'JJ.ecdsa', 'JC.rsa'].map((file) => new KeyFileSigner(loadPrivateKey(readFileSync(cliFixture(file), 'utf8'), password).key, file));
    const p384 = generateKeyPair('ecdsa-sha2-nistp384', PASSPHRASE);
    signers.push(new KeyFileSigner(loadPrivateKey(p384.encryptedPrivatePem, PASSPHRASE).key, 'p384.pem'));
    const keys = signers.map((signer) => ({ keyid: computeKeyId(signer.publicKey), key: signer.publicKey }));
    expect(keys.map((k) => k.key.scheme)).toEqual(['ed25519', 'ecdsa-sha2-nistp256', 'rsassa-pss-sha256', 'ecdsa-sha2-nistp384']);
    const onlinePair = generateKeyPair('ed25519', PASSPHRASE);
    const online = { keyid: onlinePair.keyid, key: { ...onlinePair.tufKey, 'x-rstuf-online-key-uri': `fn:${onlinePair.keyid}` } };
    const payload = { settings: { roles: { root: { expiration: 365 } } }, metadata: { root: { signatures: [], signed: rootWith(keys, online) } }, timeout: 300 };

    let doc = checkDocument(payload as unknown as JsonValue, 'ceremony.json');
    let signedDocument: JsonValue = payload as unknown as JsonValue;
    for (const signer of signers) {
      const outcome = await signDocument({ doc, signer });
      signedDocument = outcome.signedDocument;
      doc = checkDocument(signedDocument, 'ceremony.json');
    }
    const status = roleStatus(doc, doc.pending[0]!);
    expect(status.thresholds[0]).toMatchObject({ required: 4, met: true });

    const dir = mkdtempSync(join(tmpdir(), 'sslib12-schemes-'));
    try {
      const out = join(dir, 'ceremony-signed.json');
      writeFileSync(out, JSON.stringify(signedDocument, null, 2));
      const py = sslib12Check(out, ['metadata', 'root']);
      expect(py.canonical.equals(Buffer.from(status.canonical))).toBe(true);
      expect(py.signatures).toEqual(keys.map((k) => verifiedBySslib12(k.keyid, k.key.scheme)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function spawnOk(command: string, args: string[], env: Record<string, string>): void {
  const r = spawnSync(command, args, { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${command} failed: ${r.stderr}${r.stdout}`);
}
