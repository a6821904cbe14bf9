// Every signing mechanism the signer may choose, run on real SoftHSM2 keys and checked with Node's
// crypto against the public key pkcs11-tool exported: the combined mechanisms (token hashes) and
// the raw fallbacks (we hash, plus DigestInfo for PKCS#1 v1.5) used by tokens that lack them.
import { constants, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TufKey } from '../../shared/tuf/types.js';
import { keyObjectFromTufKey } from '../../main/core/tuf/tuf-keys.js';
import { defaultPkcs11Factory } from '../../main/core/tokens/pkcs11-module.js';
import { CKM } from '../../main/core/tokens/pkcs11-constants.js';
import { createPkcs11Signer } from '../../main/core/signers/pkcs11-signer.js';
import { withFaults, type FaultPlan } from '../helpers/hsm-faults.js';
import { createSoftHsmToken, SOFTHSM_MODULE, softHsmAvailable, type HsmKeyName, type SoftHsmToken } from '../helpers/hsm-softhsm.js';

const hasHsm = softHsmAvailable();

describe.skipIf(!hasHsm)('signing mechanisms on SoftHSM2, verified by Node crypto', () => {
  let token: SoftHsmToken;
  let savedConf: string | undefined;

  beforeAll(() => {
    token = createSoftHsmToken({ label: 'mechanisms' });
    savedConf = process.env.SOFTHSM2_CONF;
    process.env.SOFTHSM2_CONF = token.conf;
  });
  afterAll(() => {
    if (savedConf === undefined) delete process.env.SOFTHSM2_CONF;
    else process.env.SOFTHSM2_CONF = savedConf;
    token?.cleanup();
  });

  async function signWith(name: HsmKeyName, plan: FaultPlan, expectedKey?: TufKey): Promise<{ sig: Buffer; log: string[] }> {
    const log: string[] = [];
    const real = defaultPkcs11Factory();
    const signer = await createPkcs11Signer({
      modulePath: SOFTHSM_MODULE,
      token: token.serial,
      keyId: token.keys[name].id,
      ...(expectedKey ? { expectedKey } : {}),
      pin: Buffer.from(token.pin),
      pkcs11Factory: () => {
        const api = withFaults(real, plan);
        const signInit = api.C_SignInit.bind(api);
        api.C_SignInit = (session, mechanism, key) => {
          log.push(`0x${mechanism.mechanism.toString(16)}`);
          signInit(session, mechanism, key);
        };
        return api;
      },
    });
    try {
      return { sig: Buffer.from(await signer.sign(DATA)), log };
    } finally {
      signer.dispose();
    }
  }

  const DATA = Buffer.from('{"signed":{"_type":"root","version":1}}');
  const publicKeyOf = (name: HsmKeyName) => keyObjectFromTufKey(token.keys[name].tufKey);
  const pss = (name: HsmKeyName) => ({ key: publicKeyOf(name), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });

  it('rsassa-pss-sha256 with CKM_SHA256_RSA_PKCS_PSS', async () => {
    const { sig, log } = await signWith('rsa', {});
    expect(log).toEqual([`0x${CKM.SHA256_RSA_PKCS_PSS.toString(16)}`]);
    expect(verify('sha256', DATA, pss('rsa'), sig)).toBe(true);
  });

  it('rsassa-pss-sha256 with CKM_RSA_PKCS_PSS over our SHA-256 when the token lacks the combined mechanism', async () => {
    const { sig, log } = await signWith('rsa', { hideMechanisms: [CKM.SHA256_RSA_PKCS_PSS] });
    expect(log).toEqual([`0x${CKM.RSA_PKCS_PSS.toString(16)}`]);
    expect(verify('sha256', DATA, pss('rsa'), sig)).toBe(true);
  });

  it('rsa-pkcs1v15-sha256 with CKM_SHA256_RSA_PKCS, and with CKM_RSA_PKCS over DigestInfo', async () => {
    const expectedKey = { ...token.keys.rsa.tufKey, scheme: 'rsa-pkcs1v15-sha256' };
    const combined = await signWith('rsa', {}, expectedKey);
    expect(combined.log).toEqual([`0x${CKM.SHA256_RSA_PKCS.toString(16)}`]);
    expect(verify('sha256', DATA, publicKeyOf('rsa'), combined.sig)).toBe(true);
    const raw = await signWith('rsa', { hideMechanisms: [CKM.SHA256_RSA_PKCS] }, expectedKey);
    expect(raw.log).toEqual([`0x${CKM.RSA_PKCS.toString(16)}`]);
    expect(verify('sha256', DATA, publicKeyOf('rsa'), raw.sig)).toBe(true);
  });

  it('ecdsa P-256 and P-384 with CKM_ECDSA over our digest, returned as DER', async () => {
    for (const [name, hash] of [
      ['p256', 'sha256'],
      ['p384', 'sha384'],
    ] as const) {
      const { sig, log } = await signWith(name, {});
      expect(log).toEqual([`0x${CKM.ECDSA.toString(16)}`]);
      expect(verify(hash, DATA, { key: publicKeyOf(name), dsaEncoding: 'der' }, sig)).toBe(true);
    }
  });

  it('ed25519 with CKM_EDDSA', async () => {
    const { sig, log } = await signWith('ed25519', {});
    expect(log).toEqual([`0x${CKM.EDDSA.toString(16)}`]);
    expect(verify(null, DATA, publicKeyOf('ed25519'), sig)).toBe(true);
  });
});
