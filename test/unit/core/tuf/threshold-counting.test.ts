// Threshold counting in the signing engine must agree with TUF clients and the trust store:
// one key listed under two key ids counts once, and each root's threshold is judged with the
// key that root lists under a key id.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalBytes } from '../../../../shared/tuf/canonical.js';
import type { TufKey, TufRootSigned } from '../../../../shared/tuf/types.js';
import { keyObjectFromTufKey, publicKeyIdentity, tufKeyFromKeyObject } from '../../../../main/core/tuf/tuf-keys.js';
import { KeyFileSigner } from '../../../../main/core/signers/key-file-signer.js';
import { statusAgainst, type Authorizer } from '../../../../main/core/tuf/authorization.js';

const makeKey = () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { signer: new KeyFileSigner(privateKey, 'test key'), tuf: tufKeyFromKeyObject(privateKey) };
};

function root(version: number, keys: Record<string, TufKey>, keyids: string[], threshold: number): TufRootSigned {
  const online = { keyids: [keyids[0] as string], threshold: 1 };
  return {
    _type: 'root', spec_version: '1.0.31', version, expires: '2030-01-01T00:00:00Z', consistent_snapshot: true, keys,
    roles: { root: { keyids, threshold }, targets: online, snapshot: online, timestamp: online },
  };
}

const authorizer = (label: string, r: TufRootSigned): Authorizer => ({ label, keys: r.keys, role: r.roles.root! });

async function sig(signer: KeyFileSigner, keyid: string, signed: unknown) {
  return { keyid, sig: Buffer.from(await signer.sign(canonicalBytes(signed))).toString('hex') };
}

describe('statusAgainst threshold counting', () => {
  it('counts one key listed under two key ids once', async () => {
    const a = makeKey();
    const signed = root(1, { a1: a.tuf, a2: a.tuf }, ['a1', 'a2'], 2);
    const md = { signed, signatures: [await sig(a.signer, 'a1', signed), await sig(a.signer, 'a2', signed)] };
    const status = statusAgainst('root', md, [authorizer('root v1', signed)]);
    expect(status.thresholds[0]!.valid).toEqual(['a1']);
    expect(status.thresholds[0]!.missing).toEqual([]);
    expect(status.met).toBe(false);
  });

  // The same public key spelled two ways under two key ids is still one signer: a threshold of 2
  // must not be met by one key (found by a review: the count compared the JSON spelling).
  it('counts one key spelled two ways (hex case, PEM line endings, ecdsa key type names) once', async () => {
    const ed = makeKey();
    const { privateKey: ecPrivate } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ec = { signer: new KeyFileSigner(ecPrivate, 'test ecdsa key'), tuf: tufKeyFromKeyObject(ecPrivate) };
    const pem = ec.tuf.keyval.public;
    const spellings: [string, typeof ed, TufKey, TufKey][] = [
      ['ed25519 hex in upper case', ed, ed.tuf, { ...ed.tuf, keyval: { public: ed.tuf.keyval.public.toUpperCase() } }],
      ['PEM without its final newline', ec, ec.tuf, { ...ec.tuf, keyval: { public: pem.trimEnd() } }],
      ['PEM with CRLF line endings', ec, ec.tuf, { ...ec.tuf, keyval: { public: pem.replace(/\n/g, '\r\n') } }],
      ['ecdsa-sha2-nistp256 vs ecdsa', ec, ec.tuf, { ...ec.tuf, keytype: ec.tuf.keytype === 'ecdsa' ? 'ecdsa-sha2-nistp256' : 'ecdsa' }],
    ];
    for (const [what, key, one, other] of spellings) {
      const signed = root(1, { k1: one, k2: other }, ['k1', 'k2'], 2);
      const md = { signed, signatures: [await sig(key.signer, 'k1', signed), await sig(key.signer, 'k2', signed)] };
      const status = statusAgainst('root', md, [authorizer('root v1', signed)]);
      expect(status.thresholds[0]!.valid, what).toEqual(['k1']);
      expect(status.met, what).toBe(false);
    }
  });

  // Key objects and identities are remembered for frozen (imported, sealed) keys only: a key that
  // can still change is read again every time.
  it('reads a key that can change again, and remembers only a frozen one', () => {
    const a = makeKey();
    const b = makeKey();
    const key: TufKey = { ...a.tuf, keyval: { ...a.tuf.keyval } };
    const first = publicKeyIdentity(key);
    expect(keyObjectFromTufKey(key).equals(keyObjectFromTufKey(a.tuf))).toBe(true);
    key.keyval.public = b.tuf.keyval.public;
    expect(publicKeyIdentity(key)).not.toBe(first);
    expect(keyObjectFromTufKey(key).equals(keyObjectFromTufKey(b.tuf))).toBe(true);
    // A key Node cannot read (the importer's property test found one without keytype) gets a
    // stable identity, never an exception.
    const broken = { scheme: 'ed25519', keyval: { public: 'zz' } } as unknown as TufKey;
    expect(publicKeyIdentity(broken)).toBe(publicKeyIdentity({ ...broken }));
    expect(publicKeyIdentity(broken)).not.toBe(first);
    const frozen = Object.freeze({ ...a.tuf, keyval: Object.freeze({ ...a.tuf.keyval }) });
    expect(publicKeyIdentity(frozen)).toBe(first);
    expect(keyObjectFromTufKey(frozen)).toBe(keyObjectFromTufKey(frozen));
  });

  it('judges each root with the key it lists under a key id', async () => {
    const a = makeKey();
    const b = makeKey();
    const trusted = root(1, { x: a.tuf }, ['x'], 1);
    const next = root(2, { x: b.tuf }, ['x'], 1);
    const md = { signed: next, signatures: [await sig(a.signer, 'x', next)] };
    const status = statusAgainst('root', md, [authorizer('trusted root v1', trusted), authorizer('new root v2', next)]);
    expect(status.thresholds.map((t) => t.met)).toEqual([true, false]);
    expect(status.thresholds[1]!.invalid).toEqual(['x']);
    expect(status.met).toBe(false);
  });

  it('meets both thresholds when each root gets its own signers', async () => {
    const a = makeKey();
    const b = makeKey();
    const trusted = root(1, { ka: a.tuf }, ['ka'], 1);
    const next = root(2, { kb: b.tuf }, ['kb'], 1);
    const md = { signed: next, signatures: [await sig(a.signer, 'ka', next), await sig(b.signer, 'kb', next)] };
    const status = statusAgainst('root', md, [authorizer('trusted root v1', trusted), authorizer('new root v2', next)]);
    expect(status.met).toBe(true);
    expect(status.signatures.map((s) => s.state)).toEqual(['valid', 'valid']);
  });
});
