// An in-memory PKCS#11 module for unit tests: one token, keys held as Node KeyObjects, private
// objects hidden until C_Login (as SoftHSM2 and YubiKey PIV do), and a call log so tests can check
// the order of PKCS#11 calls. Errors are shaped like pkcs11js's (message CKR_NAME, numeric code).
import { constants, createPublicKey, sign, type KeyObject } from 'node:crypto';
import type { Pkcs11Api, Pkcs11Attribute, Pkcs11Mechanism, Pkcs11TokenInfo } from '../../../../main/core/tokens/pkcs11-module.js';
import { CKA, CKF, CKK, CKM, CKO, CKR, ckrName } from '../../../../main/core/tokens/pkcs11-constants.js';

export interface FakeKey {
  id: string;
  label: string;
  privateKey: KeyObject;
  alwaysAuthenticate?: boolean;
  /** Leave out the public key object (some tokens only keep a certificate). */
  noPublicObject?: boolean;
}

export function ckr(code: number): Error {
  return Object.assign(new Error(ckrName(code)), { code, name: 'Pkcs11Error' });
}

const ulong = (n: number): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};

const CURVE_OIDS: Record<string, string> = { prime256v1: '06082a8648ce3d030107', secp384r1: '06052b81040022' };

export class FakePkcs11 implements Pkcs11Api {
  readonly log: string[] = [];
  readonly pins: (string | undefined)[] = [];
  loaded = false;
  initialized = false;
  loggedIn = false;
  tokenFlags = CKF.TOKEN_INITIALIZED | CKF.USER_PIN_INITIALIZED | CKF.LOGIN_REQUIRED;
  mechanisms: number[] = [CKM.ECDSA, CKM.EDDSA, CKM.RSA_PKCS_PSS, CKM.SHA256_RSA_PKCS_PSS, CKM.SHA256_RSA_PKCS, CKM.RSA_PKCS];
  /** Method -> CKR to throw. */
  failures: Partial<Record<keyof Pkcs11Api, number>> = {};
  private found: Buffer[] = [];
  private signing: { mechanism: Pkcs11Mechanism; key: FakeKey } | undefined;

  constructor(
    readonly keys: FakeKey[],
    readonly pin = '123456',
    readonly info: Partial<Pkcs11TokenInfo> = {},
  ) {}

  private call(name: keyof Pkcs11Api, detail = ''): void {
    this.log.push(detail ? `${name} ${detail}` : name);
    const failure = this.failures[name];
    if (failure !== undefined) throw ckr(failure);
  }

  load(): void {
    this.call('load');
    this.loaded = true;
  }
  C_Initialize(): void {
    this.call('C_Initialize');
    this.initialized = true;
  }
  C_Finalize(): void {
    this.call('C_Finalize');
    this.initialized = false;
  }
  close(): void {
    this.call('close');
  }
  C_GetInfo() {
    return { manufacturerID: 'Fake', libraryDescription: 'Fake PKCS#11', libraryVersion: { major: 1, minor: 0 } };
  }
  C_GetSlotList(): Buffer[] {
    this.call('C_GetSlotList');
    return [Buffer.from([7])];
  }
  C_GetSlotInfo() {
    return { slotDescription: 'fake slot', manufacturerID: 'Fake', flags: 1 };
  }
  C_GetTokenInfo(): Pkcs11TokenInfo {
    this.call('C_GetTokenInfo');
    return {
      label: 'YubiKey PIV #18158855'.padEnd(32),
      manufacturerID: 'Yubico (www.yubico.com)'.padEnd(32),
      model: 'YubiKey YK5'.padEnd(16),
      serialNumber: '18158855'.padEnd(16),
      flags: this.tokenFlags,
      minPinLen: 6,
      maxPinLen: 8,
      firmwareVersion: { major: 5, minor: 7 },
      ...this.info,
    };
  }
  C_GetMechanismList(): number[] {
    return this.mechanisms;
  }
  C_OpenSession(): Buffer {
    this.call('C_OpenSession');
    return Buffer.from([1]);
  }
  C_CloseSession(): void {
    this.call('C_CloseSession');
  }
  C_Login(_session: Buffer, userType: number, pin?: string): void {
    this.call('C_Login', String(userType));
    this.pins.push(pin);
    if (pin !== this.pin) throw ckr(CKR.PIN_INCORRECT);
    if (userType === 1 && this.loggedIn) throw ckr(CKR.USER_ALREADY_LOGGED_IN);
    this.loggedIn = true;
  }
  C_Logout(): void {
    this.call('C_Logout');
    this.loggedIn = false;
  }
  C_FindObjectsInit(_session: Buffer, template: Pkcs11Attribute[]): void {
    const cls = template.find((a) => a.type === CKA.CLASS)?.value;
    const id = template.find((a) => a.type === CKA.ID)?.value as Buffer | undefined;
    this.found = [];
    this.keys.forEach((key, index) => {
      if (id && !id.equals(Buffer.from(key.id, 'hex'))) return;
      if (cls === CKO.PRIVATE_KEY && this.loggedIn) this.found.push(Buffer.from([CKO.PRIVATE_KEY, index]));
      if (cls === CKO.PUBLIC_KEY && !key.noPublicObject) this.found.push(Buffer.from([CKO.PUBLIC_KEY, index]));
    });
  }
  C_FindObjects(): Buffer[] {
    const out = this.found;
    this.found = [];
    return out;
  }
  C_FindObjectsFinal(): void {}
  C_GetAttributeValue(_session: Buffer, object: Buffer, template: Pkcs11Attribute[]): Pkcs11Attribute[] {
    const key = this.keys[object[1] as number] as FakeKey;
    const publicKey = createPublicKey(key.privateKey);
    const type = publicKey.asymmetricKeyType;
    return template.map(({ type: attr }) => {
      const value = ((): Buffer | undefined => {
        if (attr === CKA.ID) return Buffer.from(key.id, 'hex');
        if (attr === CKA.LABEL) return Buffer.from(key.label);
        if (attr === CKA.KEY_TYPE) return ulong(type === 'rsa' ? CKK.RSA : type === 'ed25519' ? CKK.EC_EDWARDS : CKK.EC);
        if (attr === CKA.ALWAYS_AUTHENTICATE && object[0] === CKO.PRIVATE_KEY) return Buffer.from([key.alwaysAuthenticate ? 1 : 0]);
        const jwk = publicKey.export({ format: 'jwk' });
        if (type === 'rsa' && attr === CKA.MODULUS) return Buffer.from(jwk.n as string, 'base64url');
        if (type === 'rsa' && attr === CKA.PUBLIC_EXPONENT) return Buffer.from(jwk.e as string, 'base64url');
        if (type === 'ed25519' && attr === CKA.EC_PARAMS) return Buffer.from('06032b6570', 'hex');
        if (type === 'ed25519' && attr === CKA.EC_POINT) return Buffer.concat([Buffer.from([4, 32]), Buffer.from(jwk.x as string, 'base64url')]);
        if (type === 'ec' && attr === CKA.EC_PARAMS) return Buffer.from(CURVE_OIDS[publicKey.asymmetricKeyDetails?.namedCurve ?? ''] ?? '', 'hex');
        if (type === 'ec' && attr === CKA.EC_POINT) {
          const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x as string, 'base64url'), Buffer.from(jwk.y as string, 'base64url')]);
          return Buffer.concat([Buffer.from([4, point.length]), point]);
        }
        return undefined;
      })();
      if (!value) throw ckr(0x12); // CKR_ATTRIBUTE_TYPE_INVALID
      return { type: attr, value };
    });
  }
  C_SignInit(_session: Buffer, mechanism: Pkcs11Mechanism, object: Buffer): void {
    this.call('C_SignInit', `0x${mechanism.mechanism.toString(16)}`);
    this.signing = { mechanism, key: this.keys[object[1] as number] as FakeKey };
  }
  async C_SignAsync(_session: Buffer, data: Buffer): Promise<Buffer> {
    this.call('C_SignAsync', `${data.length} bytes`);
    const signing = this.signing;
    if (!signing) throw ckr(CKR.OPERATION_NOT_INITIALIZED);
    if (signing.key.alwaysAuthenticate && this.pins.length < 2) throw ckr(CKR.USER_NOT_LOGGED_IN);
    this.signing = undefined;
    const { mechanism } = signing.mechanism;
    if (mechanism === CKM.EDDSA) return sign(null, data, signing.key.privateKey);
    if (mechanism === CKM.SHA256_RSA_PKCS_PSS) return sign('sha256', data, { key: signing.key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    if (mechanism === CKM.SHA256_RSA_PKCS) return sign('sha256', data, signing.key.privateKey);
    // Raw mechanisms (CKM_ECDSA, CKM_RSA_PKCS_PSS over a digest): tests only look at what was asked.
    return Buffer.alloc(64, 1);
  }
}
