// The CLI against a real PKCS#11 module: a SoftHSM2 token made in a temp dir, P-256, P-384,
// RSA-3072 and Ed25519 keys generated on it by OpenSC's pkcs11-tool, an RSTUF bootstrap payload
// whose root keys are those token keys, signed through `rstuf-signer sign --pkcs11-module`, and
// every signature checked by securesystemslib (python), not by our code.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TufKey } from '../../shared/tuf/types.js';
import { computeKeyId, tufKeyFromKeyObject } from '../../main/core/tuf/tuf-keys.js';
import { runSigner } from '../helpers/cli.js';
import { cliFixture, FIXTURE_PASSWORD, readFixtureJson } from '../helpers/fixtures.js';
import { createSoftHsmToken, SOFTHSM_MODULE, softHsmAvailable, type HsmKeyName, type SoftHsmToken } from '../helpers/hsm-softhsm.js';
import { pythonSslibAvailable, runPython } from '../helpers/python-sslib.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';

const hasHsm = softHsmAvailable();
const hasPython = pythonSslibAvailable();

const KEY_NAMES: Record<HsmKeyName, string> = { p256: 'HSM P-256', p384: 'HSM P-384', rsa: 'HSM RSA-3072', ed25519: 'HSM Ed25519' };

/** RSTUF's ceremony fixture with root v1 re-keyed to the token keys (threshold 4) and no signatures. */
function bootstrapForToken(token: SoftHsmToken): { json: object; keyids: Record<HsmKeyName, string> } {
  const payload = readFixtureJson(cliFixture('ceremony.json'));
  const signed = payload.metadata.root.signed;
  const online = signed.roles.timestamp.keyids[0] as string;
  const keys: Record<string, TufKey> = { [online]: signed.keys[online] };
  const keyids = {} as Record<HsmKeyName, string>;
  for (const key of Object.values(token.keys)) {
    const keyid = computeKeyId(key.tufKey);
    keyids[key.name] = keyid;
    keys[keyid] = { ...key.tufKey, 'x-rstuf-key-name': KEY_NAMES[key.name] };
  }
  signed.keys = keys;
  signed.expires = '2099-12-31T23:59:59Z';
  signed.roles.root = { keyids: Object.values(keyids), threshold: 4 };
  payload.metadata.root.signatures = [];
  return { json: payload, keyids };
}

describe.skipIf(!hasHsm || !hasPython)('rstuf-signer with keys on a SoftHSM2 token', () => {
  let token: SoftHsmToken;
  let work: string;
  let bootstrap: string;
  let keyids: Record<HsmKeyName, string>;

  beforeAll(() => {
    ensureCliBuilt();
    token = createSoftHsmToken();
    work = mkdtempSync(join(tmpdir(), 'rstuf-hsm-cli-'));
    const built = bootstrapForToken(token);
    keyids = built.keyids;
    bootstrap = join(work, 'bootstrap.json');
    writeFileSync(bootstrap, JSON.stringify(built.json, null, 2));
  });

  afterAll(() => {
    token?.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const sign = (input: string, out: string, extra: string[], env: Record<string, string> = token.env) =>
    runSigner(['sign', input, '--pkcs11-module', SOFTHSM_MODULE, '--out', out, ...extra], { env, cwd: work });

  it('tokens lists the token with its serial and PIN state, and each key with its type and TUF key id', () => {
    const r = runSigner(['tokens', '--module', SOFTHSM_MODULE], { env: token.env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`token "${token.label}" serial ${token.serial}: SoftHSM project SoftHSM v2`);
    expect(r.stdout).toContain('PIN ok');
    const lines = r.stdout.split('\n');
    const lineFor = (name: HsmKeyName) => lines.find((l) => l.includes(`label "root-${name}"`)) ?? '';
    expect(lineFor('p256')).toContain(`id 01, label "root-p256", ecdsa-p256 256-bit, keyid ${keyids.p256}`);
    expect(lineFor('p384')).toContain(`id 02, label "root-p384", ecdsa-p384 384-bit, keyid ${keyids.p384}`);
    expect(lineFor('rsa')).toContain(`id 03, label "root-rsa", rsa 3072-bit, keyid ${keyids.rsa}`);
    expect(lineFor('ed25519')).toContain(`id 04, label "root-ed25519", ed25519 256-bit, keyid ${keyids.ed25519}`);
  });

  it('tokens --for FILE says which token keys the payload asks for, by their x-rstuf-key-name', () => {
    const r = runSigner(['tokens', '--module', SOFTHSM_MODULE, '--for', bootstrap], { env: token.env });
    expect(r.code).toBe(0);
    for (const name of Object.values(KEY_NAMES)) expect(r.stdout).toContain(`can sign root v1 as ${name}`);
  });

  it('signs root v1 with all four token keys (by label, by id, by label, then by matching), and securesystemslib verifies each signature', () => {
    const steps: { key: HsmKeyName; flags: string[] }[] = [
      { key: 'p256', flags: ['--token', token.label, '--key-label', 'root-p256'] },
      { key: 'p384', flags: ['--token', token.serial, '--key-id', '02'] },
      { key: 'rsa', flags: ['--token', token.label, '--key-label', 'root-rsa'] },
      // No key flag and no --token: the only token, and the only key the payload still needs.
      { key: 'ed25519', flags: [] },
    ];
    let input = bootstrap;
    steps.forEach((step, index) => {
      const out = join(work, `signed-${index + 1}.json`);
      const r = sign(input, out, [...step.flags, '--pin-file', token.pinFile()]);
      expect(r.stderr).toContain(`Touch your key now if it blinks (${token.label} #${token.serial}`);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`Signed root v1 with ${KEY_NAMES[step.key]} (${token.label} #${token.serial}, root-${step.key})`);
      expect(r.stdout).toContain(index === steps.length - 1 ? 'fully signed' : 'more signatures are needed');
      input = out;
    });

    const verify = runSigner(['verify', input]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);

    const signedDoc = JSON.parse(readFileSync(input, 'utf8'));
    const root = signedDoc.metadata.root;
    expect(root.signatures.map((s: { keyid: string }) => s.keyid).sort()).toEqual(Object.values(keyids).sort());
    const [canonical] = runPython([{ op: 'canonical_file', file: input, path: ['metadata', 'root', 'signed'] }]);
    expect(canonical?.error).toBeUndefined();
    const checks = runPython(
      root.signatures.map((s: { keyid: string; sig: string }) => ({
        op: 'verify',
        keyid: s.keyid,
        key: { keytype: root.signed.keys[s.keyid].keytype, scheme: root.signed.keys[s.keyid].scheme, keyval: root.signed.keys[s.keyid].keyval },
        sig: s.sig,
        data_b64: canonical?.b64,
      })),
    );
    root.signatures.forEach((s: { keyid: string }, i: number) => expect(checks[i], `signature by ${s.keyid}`).toEqual({ ok: true }));
    // ECDSA signatures are DER (what securesystemslib writes), not the token's raw r||s.
    const p256 = root.signatures.find((s: { keyid: string }) => s.keyid === keyids.p256);
    expect(p256.sig.startsWith('30')).toBe(true);
  });

  it("signs with a key the token holds only as private key + certificate (RSTUF's YubiKey 9c PIV fixture), found by the certificate's public key", () => {
    const piv = createSoftHsmToken({ label: 'piv-like', keys: [] });
    try {
      piv.importKeyWithCertificate({
        privateKeyPem: cliFixture('hsm-9c.ecdsa'),
        password: FIXTURE_PASSWORD,
        certificatePem: cliFixture('hsm-9c-ecc.crt'),
        id: '02',
        label: 'Digital Signature',
      });
      // What `rstuf admin ceremony` writes for an HSM key: the certificate's public key, named by its CN.
      const certKey = tufKeyFromKeyObject(new X509Certificate(readFileSync(cliFixture('hsm-9c-ecc.crt'))).publicKey);
      const keyid = computeKeyId(certKey);
      const payload = readFixtureJson(cliFixture('ceremony.json'));
      const signed = payload.metadata.root.signed;
      const online = signed.roles.timestamp.keyids[0] as string;
      signed.keys = { [online]: signed.keys[online], [keyid]: { ...certKey, 'x-rstuf-key-name': 'YubiKey 9c PIV Test' } };
      signed.expires = '2099-12-31T23:59:59Z';
      signed.roles.root = { keyids: [keyid], threshold: 1 };
      payload.metadata.root.signatures = [];
      const input = join(work, 'piv-bootstrap.json');
      writeFileSync(input, JSON.stringify(payload));

      const listed = runSigner(['tokens', '--module', SOFTHSM_MODULE, '--for', input], { env: piv.env });
      expect(listed.stdout).toContain(`id 02, label "X.509 Certificate for Digital Signature", ecdsa-p256 256-bit, keyid ${keyid}, certificate "YubiKey 9c PIV Test"`);
      expect(listed.stdout).toContain('can sign root v1 as YubiKey 9c PIV Test');

      const out = join(work, 'piv-signed.json');
      const r = sign(input, out, ['--token', 'piv-like', '--pin-file', piv.pinFile()], piv.env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('Signed root v1 with YubiKey 9c PIV Test');
      expect(r.stdout).toContain('fully signed');
      const root = JSON.parse(readFileSync(out, 'utf8')).metadata.root;
      const [canonical] = runPython([{ op: 'canonical_file', file: out, path: ['metadata', 'root', 'signed'] }]);
      const [check] = runPython([{ op: 'verify', keyid, key: certKey, sig: root.signatures[0].sig, data_b64: canonical?.b64 }]);
      expect(check).toEqual({ ok: true });
    } finally {
      piv.cleanup();
    }
  });

  it('a wrong PIN is refused with its own message and nothing is written', () => {
    const out = join(work, 'wrong-pin.json');
    const before = readdirSync(work).sort();
    const r = sign(bootstrap, out, ['--token', token.label, '--key-label', 'root-p256', '--pin-file', token.pinFile('000000')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`rstuf-signer: wrong PIN for ${token.label} #${token.serial} (CKR_PIN_INCORRECT)`);
    expect(r.stderr).toContain('nothing was signed');
    expect(r.stderr).not.toContain('000000');
    expect(r.stderr).not.toContain('Touch your key now');
    expect(readdirSync(work).sort()).toEqual(before);
  });

  it('a module path that does not exist is named, with what to install, and nothing is written', () => {
    const out = join(work, 'no-module.json');
    const before = readdirSync(work).sort();
    const r = runSigner(['sign', bootstrap, '--pkcs11-module', join(work, 'libykcs11.so'), '--token', token.label, '--pin-file', token.pinFile(), '--out', out], { env: token.env });
    expect(r.code).toBe(1);
    // Named by its file name, the path at the end of the line (SignerError.file).
    expect(r.stderr).toContain("the PKCS#11 module libykcs11.so does not exist there; install the token's PKCS#11 library");
    expect(r.stderr).toContain(`(file: ${join(work, 'libykcs11.so')})`);
    expect(readdirSync(work).sort()).toEqual(before);
  });

  it('a file that is not a PKCS#11 library is refused as unloadable', () => {
    const fake = join(work, 'not-a-module.so');
    writeFileSync(fake, 'not an ELF file');
    const r = runSigner(['tokens', '--module', fake], { env: token.env });
    rmSync(fake);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot load not-a-module.so as a PKCS#11 module');
    expect(r.stderr).toContain(`(file: ${fake})`);
  });

  it('a key the payload does not ask for is refused by name, and nothing is written', () => {
    // Root v1 keyed only to the P-256 key; the RSA key then is the wrong key for it.
    const payload = readFixtureJson(bootstrap);
    payload.metadata.root.signed.roles.root = { keyids: [keyids.p256], threshold: 1 };
    const onlyP256 = join(work, 'only-p256.json');
    writeFileSync(onlyP256, JSON.stringify(payload));
    const out = join(work, 'wrong-key.json');
    const r = sign(onlyP256, out, ['--token', token.label, '--key-label', 'root-rsa', '--pin-file', token.pinFile()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`(${token.label} #${token.serial}, root-rsa) is not authorized to sign root v1; authorized keys: HSM P-256`);
    expect(r.stderr).not.toContain('Touch your key now');
    expect(readdirSync(work)).not.toContain('wrong-key.json');
  });

  it('a token removed between listing and signing is reported as not plugged in, and nothing is written', () => {
    const other = createSoftHsmToken({ label: 'removable', keys: ['p256'] });
    try {
      const listed = runSigner(['tokens', '--module', SOFTHSM_MODULE], { env: other.env });
      expect(listed.stdout).toContain('token "removable"');
      // SoftHSM2 keeps each token in a folder under its token dir: deleting it unplugs the token.
      for (const entry of readdirSync(join(other.dir, 'tokens'))) rmSync(join(other.dir, 'tokens', entry), { recursive: true });
      const out = join(work, 'removed.json');
      const before = readdirSync(work).sort();
      const r = sign(bootstrap, out, ['--token', 'removable', '--pin-file', other.pinFile()], other.env);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/no token is plugged in for module .*libsofthsm2\.so \(looked for "removable"\); plug the key in and try again/);
      expect(readdirSync(work).sort()).toEqual(before);
    } finally {
      other.cleanup();
    }
  });
});
