// Root keys read from a connected PKCS#11 token in CEREMONY.json ({"pkcs11": {...}} instead of a
// file), against a real SoftHSM2 token: one key generated on it, one imported with its X.509
// certificate the way a YubiKey PIV slot 9c looks. The public keys in the payload must be the
// ones pkcs11-tool exports (not read back by our code), the certificate CN names the key, and a
// token signature made with `rstuf-signer sign --pkcs11-module` is verified by securesystemslib.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RootMetadata } from '../../shared/tuf/types.js';
import { computeKeyId } from '../../main/core/tuf/tuf-keys.js';
import { readPublicKeyFile } from '../../main/core/keys/public-key-file.js';
import { checkAgainstRstufSchema } from '../helpers/ceremony-schema.js';
import { runSigner } from '../helpers/cli.js';
import { cliFixture, FIXTURE_PASSWORD } from '../helpers/fixtures.js';
import { createSoftHsmToken, SOFTHSM_MODULE, softHsmAvailable, type SoftHsmToken } from '../helpers/hsm-softhsm.js';
import { pythonSslibAvailable, runPython } from '../helpers/python-sslib.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';

const hasHsm = softHsmAvailable();
const hasPython = pythonSslibAvailable();
const ONLINE = '0d9d3d4bad91c455bc03921daa95774576b86625ac45570d0cac025b08e65043';

describe.skipIf(!hasHsm || !hasPython)('ceremony with root keys read from a PKCS#11 token', () => {
  let token: SoftHsmToken;
  let dir: string;
  const cli = (...args: string[]) => runSigner(args, { cwd: dir, env: { ...token.env, RSTUF_SIGNER_HOME: join(dir, 'home') } });
  const write = (name: string, value: unknown): string => {
    writeFileSync(join(dir, name), JSON.stringify(value));
    return name;
  };
  const config = (keys: unknown[], threshold = 2) => ({
    bins: 4,
    root: { threshold, keys },
    online_key: { file: 'online.pub', name: 'Online', uri: `fn:${ONLINE}` },
  });

  beforeAll(() => {
    ensureCliBuilt();
    token = createSoftHsmToken({ keys: ['p256'] });
    // The YubiKey shape: a private key and its certificate under one id, no public key object.
    token.importKeyWithCertificate({ privateKeyPem: cliFixture('hsm-9c.ecdsa'), password: FIXTURE_PASSWORD, certificatePem: cliFixture('hsm-9c-ecc.crt'), id: '09', label: 'slot 9c' });
    dir = mkdtempSync(join(tmpdir(), 'ceremony-token-'));
    copyFileSync(cliFixture(`${ONLINE}.pub`), join(dir, 'online.pub'));
  });
  afterAll(() => {
    token?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('puts the token keys in root v1 as the token holds them, named by the config or the certificate CN', () => {
    const generated = token.keys.p256;
    const r = cli(
      'ceremony',
      '--config',
      write('c.json', config([{ pkcs11: { module: SOFTHSM_MODULE, token: token.label, key_id: generated.id }, name: 'HSM P-256' }, { pkcs11: { module: SOFTHSM_MODULE, token: token.serial, key_label: 'X.509 Certificate for slot 9c' } }])),
      '--out',
      'bundle',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const payload = JSON.parse(readFileSync(join(dir, 'bundle', 'ceremony-payload.json'), 'utf8'));
    expect(checkAgainstRstufSchema(payload, 'BootstrapPayload')).toEqual({ errors: [], dropped: [] });
    const signed = (payload.metadata.root as RootMetadata).signed;
    const generatedId = computeKeyId(generated.tufKey);
    const certificateKey = readPublicKeyFile(cliFixture('hsm-9c-ecc.crt'));
    expect(signed.roles.root?.keyids).toEqual([generatedId, certificateKey.keyid]);
    expect(signed.keys[generatedId]).toEqual({ ...generated.tufKey, 'x-rstuf-key-name': 'HSM P-256' });
    expect(signed.keys[certificateKey.keyid]?.['x-rstuf-key-name']).toBe('YubiKey 9c PIV Test');

    // The generated key signs through the token; securesystemslib checks the signature.
    const sign = cli('sign', 'bundle', '--pkcs11-module', SOFTHSM_MODULE, '--token', token.label, '--key-id', generated.id, '--pin-file', token.pinFile());
    expect(sign.code).toBe(0);
    expect(sign.stdout).toContain('root v1: 1 of 2 required signatures by HSM P-256; missing 1 of: YubiKey 9c PIV Test');
    const root = JSON.parse(readFileSync(join(dir, 'bundle', 'ceremony-payload.json'), 'utf8')).metadata.root as RootMetadata;
    const [canonical] = runPython([{ op: 'canonical_text', text: JSON.stringify(root.signed) }]);
    const [verified] = runPython([{ op: 'verify', keyid: generatedId, key: signed.keys[generatedId] as object, sig: root.signatures[0]?.sig as string, data_b64: canonical?.b64 as string }]);
    expect(verified).toEqual({ ok: true });
  });

  it('asks which key when the token holds several and none is named, listing them', () => {
    const r = cli('ceremony', '--config', write('c2.json', config([{ pkcs11: { module: SOFTHSM_MODULE, token: token.label } }], 1)), '--out', 'b2');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/root\.keys\[0\]\.pkcs11: token "rstuf-test" holds 2 keys; choose one with "key_id" or "key_label": .*key_id "01".*key_id "09"/);
  });

  it('names a token or key that is not there', () => {
    const missingKey = cli('ceremony', '--config', write('c3.json', config([{ pkcs11: { module: SOFTHSM_MODULE, token: token.label, key_id: '7f' } }], 1)), '--out', 'b3');
    expect(missingKey.code).toBe(1);
    expect(missingKey.stderr).toContain('no key on token "rstuf-test" matches key_id "7f"');
    const missingToken = cli('ceremony', '--config', write('c4.json', config([{ pkcs11: { module: SOFTHSM_MODULE, token: 'no-such-token', key_id: '01' } }], 1)), '--out', 'b4');
    expect(missingToken.code).toBe(1);
    expect(missingToken.stderr).toContain('root.keys[0].pkcs11:');
  });
});
