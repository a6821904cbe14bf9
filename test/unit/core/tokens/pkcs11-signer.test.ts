import { createHash, generateKeyPairSync, verify, constants } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeKeyId, tufKeyFromKeyObject } from '../../../../main/core/tuf/tuf-keys.js';
import { CKF, CKM, CKR } from '../../../../main/core/tokens/pkcs11-constants.js';
import { createPkcs11Signer } from '../../../../main/core/signers/pkcs11-signer.js';
import { listKeys, listTokens } from '../../../../main/core/tokens/token-list.js';
import { FakePkcs11, type FakeKey } from './fake-pkcs11.js';

// The module file must exist (openModule checks before loading); its content is never read here.
const MODULE = join(mkdtempSync(join(tmpdir(), 'fake-pkcs11-')), 'libfake.so');
writeFileSync(MODULE, '');

const ed = generateKeyPairSync('ed25519');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

function fake(keys: FakeKey[] = [{ id: '02', label: 'Private key for Digital Signature', privateKey: ed.privateKey }]) {
  const api = new FakePkcs11(keys);
  return { api, factory: () => api };
}

/** A PIN callback that counts how often the signer asked. */
function countingPin() {
  const state = {
    asked: 0,
    ask: async () => {
      state.asked += 1;
      return Buffer.from('123456');
    },
  };
  return state;
}

describe('listing a token without a PIN', () => {
  it('reports label, serial, model and PIN state from the token flags', async () => {
    const { api, factory } = fake();
    api.tokenFlags |= CKF.USER_PIN_COUNT_LOW | CKF.USER_PIN_FINAL_TRY;
    const [token] = await listTokens(MODULE, { pkcs11Factory: factory });
    expect(token).toMatchObject({
      label: 'YubiKey PIV #18158855',
      serial: '18158855',
      manufacturer: 'Yubico (www.yubico.com)',
      model: 'YubiKey YK5',
      firmware: '5.7',
      displayName: 'YubiKey PIV #18158855',
      pin: { initialized: true, retriesLow: true, finalTry: true, locked: false },
    });
    expect(api.log.filter((c) => c.startsWith('C_Login'))).toEqual([]);
  });

  it('names YubiKey keys by PIV slot and gives their TUF public keys', async () => {
    const { factory } = fake([
      { id: '02', label: 'Private key for Digital Signature', privateKey: p256.privateKey },
      { id: '01', label: 'Private key for PIV Authentication', privateKey: rsa.privateKey },
    ]);
    const keys = await listKeys(MODULE, '18158855', { pkcs11Factory: factory });
    expect(keys.map((k) => [k.id, k.displayName, k.type, k.bits])).toEqual([
      ['01', 'slot 9a (Authentication)', 'rsa', 2048],
      ['02', 'slot 9c (Digital Signature)', 'ecdsa-p256', 256],
    ]);
    expect(keys[1]?.publicKey).toEqual(tufKeyFromKeyObject(p256.publicKey));
    // SoftHSM2 and PIV hide private objects before login: "unknown", not "missing".
    expect(keys[1]?.hasPrivateKey).toBeUndefined();
  });

  it('says which tokens are present when the one asked for is not', async () => {
    const { factory } = fake();
    await expect(listKeys(MODULE, 'Nitrokey', { pkcs11Factory: factory })).rejects.toMatchObject({
      code: 'TOKEN_NOT_FOUND',
      message: expect.stringContaining('tokens present: "YubiKey PIV #18158855" (serial 18158855)'),
    });
  });
});

describe('Pkcs11Signer', () => {
  it('logs in with the PIN, fires the touch notice right before C_Sign, logs out, and zeroes the PIN buffer', async () => {
    const { api, factory } = fake();
    const pin = Buffer.from('123456');
    const notices: string[] = [];
    const signer = await createPkcs11Signer({
      modulePath: MODULE,
      token: '18158855',
      keyId: '02',
      pin,
      pkcs11Factory: factory,
      onWaitingForTouch: (n) => {
        notices.push(`${n.token}, ${n.key}`);
        api.log.push('touch notice');
      },
    });
    expect(signer.source).toBe('YubiKey PIV #18158855, slot 9c (Digital Signature)');
    expect(signer.publicKey).toEqual(tufKeyFromKeyObject(ed.publicKey));
    const data = Buffer.from('canonical bytes');
    const sig = await signer.sign(data);
    expect(verify(null, data, ed.publicKey, Buffer.from(sig))).toBe(true);
    expect(notices).toEqual(['YubiKey PIV #18158855, slot 9c (Digital Signature)']);
    const order = api.log.filter((c) => /^(C_Login|C_SignInit|touch notice|C_SignAsync|C_Logout)/.test(c));
    expect(order).toEqual(['C_Login 1', `C_SignInit 0x${CKM.EDDSA.toString(16)}`, 'touch notice', 'C_SignAsync 15 bytes', 'C_Logout']);
    expect(pin.equals(Buffer.alloc(6))).toBe(true);
    expect(api.pins).toEqual(['123456']);
    signer.dispose();
  });

  it('asks for the PIN again (context-specific login) for keys with PIN policy "always"', async () => {
    const { api, factory } = fake([{ id: '02', label: 'sig', privateKey: ed.privateKey, alwaysAuthenticate: true }]);
    const signer = await createPkcs11Signer({ modulePath: MODULE, token: '18158855', keyId: '02', pin: Buffer.from('123456'), pkcs11Factory: factory });
    await signer.sign(Buffer.from('x'));
    expect(api.log.filter((c) => c.startsWith('C_Login') || c.startsWith('C_SignInit'))).toEqual(['C_Login 1', 'C_SignInit 0x1057', 'C_Login 2']);
    signer.dispose();
  });

  it('uses a Buffer PIN for one signing only; a PIN function is asked each time', async () => {
    const { factory } = fake();
    const once = await createPkcs11Signer({ modulePath: MODULE, token: '18158855', keyId: '02', pin: Buffer.from('123456'), pkcs11Factory: factory });
    await once.sign(Buffer.from('a'));
    await expect(once.sign(Buffer.from('b'))).rejects.toMatchObject({ code: 'PASSPHRASE_REQUIRED' });
    once.dispose();

    const pin = countingPin();
    const each = await createPkcs11Signer({ modulePath: MODULE, token: '18158855', keyId: '02', pin: pin.ask, pkcs11Factory: factory });
    await each.sign(Buffer.from('a'));
    await each.sign(Buffer.from('b'));
    expect(pin.asked).toBe(2);
    each.dispose();
  });

  it('a wrong PIN reports the tries left from the token flags, never the PIN, and never reaches C_Sign', async () => {
    const { api, factory } = fake();
    api.tokenFlags |= CKF.USER_PIN_FINAL_TRY;
    const signer = await createPkcs11Signer({ modulePath: MODULE, token: '18158855', keyId: '02', pin: Buffer.from('999999'), pkcs11Factory: factory });
    const error = await signer.sign(Buffer.from('x')).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error).toMatchObject({ code: 'TOKEN_PIN_INCORRECT' });
    expect(error?.message).toBe('wrong PIN for YubiKey PIV #18158855 (CKR_PIN_INCORRECT); one try is left: the next wrong PIN locks the token; nothing was signed');
    expect(error?.message).not.toContain('999999');
    expect(api.log.some((c) => c.startsWith('C_SignAsync'))).toBe(false);
    signer.dispose();
  });

  it('signs rsassa-pss-sha256 with CKM_SHA256_RSA_PKCS_PSS, or hashes itself for CKM_RSA_PKCS_PSS when that is all the token has', async () => {
    const { api, factory } = fake([{ id: '03', label: 'rsa', privateKey: rsa.privateKey }]);
    let signer = await createPkcs11Signer({ modulePath: MODULE, token: '18158855', keyLabel: 'rsa', pin: Buffer.from('123456'), pkcs11Factory: factory });
    const data = Buffer.from('metadata');
    const sig = await signer.sign(data);
    expect(verify('sha256', data, { key: rsa.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, Buffer.from(sig))).toBe(true);
    signer.dispose();

    api.mechanisms = [CKM.RSA_PKCS_PSS];
    signer = await createPkcs11Signer({ modulePath: MODULE, token: '18158855', keyLabel: 'rsa', pin: Buffer.from('123456'), pkcs11Factory: factory });
    api.log.length = 0;
    await signer.sign(data);
    expect(api.log).toContain(`C_SignInit 0x${CKM.RSA_PKCS_PSS.toString(16)}`);
    expect(api.log).toContain(`C_SignAsync ${createHash('sha256').update(data).digest().length} bytes`);
    signer.dispose();
  });

  it('takes the scheme of the key the metadata expects (rsa-pkcs1v15-sha256) when the public key is the same', async () => {
    const { factory } = fake([{ id: '03', label: 'rsa', privateKey: rsa.privateKey }]);
    const expected = tufKeyFromKeyObject(rsa.publicKey, 'rsa-pkcs1v15-sha256');
    const signer = await createPkcs11Signer({ modulePath: MODULE, token: '18158855', expectedKey: expected, pin: Buffer.from('123456'), pkcs11Factory: factory });
    expect(signer.publicKey).toEqual(expected);
    const data = Buffer.from('metadata');
    expect(verify('sha256', data, rsa.publicKey, Buffer.from(await signer.sign(data)))).toBe(true);
    signer.dispose();
  });

  it('refuses a mechanism the token does not list before any PIN try is used', async () => {
    const { api, factory } = fake();
    api.mechanisms = [CKM.ECDSA];
    const pin = countingPin();
    const signer = await createPkcs11Signer({ modulePath: MODULE, token: '18158855', keyId: '02', pin: pin.ask, pkcs11Factory: factory });
    await expect(signer.sign(Buffer.from('x'))).rejects.toMatchObject({ code: 'TOKEN_MECHANISM_UNSUPPORTED', message: expect.stringContaining('cannot sign with ed25519 (CKM_EDDSA) (CKR_MECHANISM_INVALID)') });
    expect(pin.asked).toBe(0);
    signer.dispose();
  });

  it('says which keys the token has when the asked key is not there', async () => {
    const { factory } = fake();
    await expect(createPkcs11Signer({ modulePath: MODULE, token: '18158855', keyId: '03', pin: Buffer.from('1'), pkcs11Factory: factory })).rejects.toMatchObject({
      code: 'TOKEN_KEY_NOT_FOUND',
      message: 'YubiKey PIV #18158855 has no key with id 03; keys on it: slot 9c (Digital Signature) "Private key for Digital Signature" (id 02, ed25519). Check that the right token is plugged in',
    });
  });

  it('shares one loaded module between users and finalizes it when the last one is done', async () => {
    const { api, factory } = fake();
    const a = await createPkcs11Signer({ modulePath: MODULE, token: '18158855', keyId: '02', pin: Buffer.from('123456'), pkcs11Factory: factory });
    const b = await createPkcs11Signer({ modulePath: MODULE, token: '18158855', keyId: '02', pin: Buffer.from('123456'), pkcs11Factory: factory });
    expect(api.log.filter((c) => c === 'C_Initialize')).toHaveLength(1);
    a.dispose();
    a.dispose();
    expect(api.log).not.toContain('C_Finalize');
    b.dispose();
    expect(api.log.filter((c) => c === 'C_Finalize')).toHaveLength(1);
  });

  it('a token pulled out before signing is reported as not present, and the PIN is not asked', async () => {
    const { api, factory } = fake();
    const pin = countingPin();
    const signer = await createPkcs11Signer({ modulePath: MODULE, token: '18158855', keyId: '02', pin: pin.ask, pkcs11Factory: factory });
    api.failures.C_OpenSession = CKR.DEVICE_REMOVED;
    await expect(signer.sign(Buffer.from('x'))).rejects.toMatchObject({ code: 'TOKEN_NOT_PRESENT' });
    expect(pin.asked).toBe(0);
    signer.dispose();
  });

  it('computes the same key id as the key file engine for a token key', async () => {
    const { factory } = fake([{ id: '02', label: 'sig', privateKey: p256.privateKey }]);
    const signer = await createPkcs11Signer({ modulePath: MODULE, token: 'YubiKey PIV #18158855', keyId: '02', pin: Buffer.from('123456'), pkcs11Factory: factory });
    expect(computeKeyId(signer.publicKey)).toBe(computeKeyId(tufKeyFromKeyObject(p256.publicKey)));
    signer.dispose();
  });
});
