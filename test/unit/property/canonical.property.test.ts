// The fast paths of canonical JSON (a byte writer, a cache for sealed objects, a tree comparison
// instead of two serializations) must be indistinguishable from the reference serializer,
// canonicalize(), which the interop suite checks against securesystemslib.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalize, sealForSigning } from '../../../shared/tuf/canonical.js';
import { sameCanonicalJson } from '../../../main/core/tuf/validate-metadata.js';

const outcome = <T>(f: () => T): { value?: T; error?: string } => {
  try {
    return { value: f() };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

// Strings over all of UTF-16 (lone surrogates, astral characters, quotes, backslashes, controls).
const anyString = fc.string({ unit: 'binary', maxLength: 12 });
const anyJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    anyString,
    fc.integer(),
    fc.maxSafeInteger(),
    fc.constantFrom(-0, 1.5, Number.MAX_SAFE_INTEGER + 2, true, false, null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(anyString, tie('value'), { maxKeys: 5 }),
  ),
})).value;

describe('canonicalBytes', () => {
  it('is the UTF-8 encoding of canonicalize(), and fails exactly when it fails', () => {
    fc.assert(
      fc.property(anyJson, (value) => {
        const reference = outcome(() => new TextEncoder().encode(canonicalize(value)));
        const fast = outcome(() => canonicalBytes(value));
        expect(fast.error).toBe(reference.error);
        if (!reference.error) expect(Buffer.from(fast.value as Uint8Array).equals(Buffer.from(reference.value as Uint8Array))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('matches canonicalize() on long strings and on many objects of a few recurring shapes', () => {
    // Long strings take the native encoder; recurring key sets take the remembered key order.
    const longString = fc.string({ unit: 'binary', minLength: 20, maxLength: 80 });
    const keyPool = fc.constantFrom('length', 'hashes', 'custom', '\uFB01', '\u{1F600}', 'a"b', '\uD800', 'sha256');
    const shaped = fc.array(fc.dictionary(keyPool, fc.oneof(longString, fc.integer()), { maxKeys: 6 }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(shaped, fc.dictionary(longString, longString, { maxKeys: 4 }), (entries, extra) => {
        const value = { entries, extra };
        const reference = outcome(() => new TextEncoder().encode(canonicalize(value)));
        const fast = outcome(() => canonicalBytes(value));
        expect(fast.error).toBe(reference.error);
        if (!reference.error) expect(Buffer.from(fast.value as Uint8Array).equals(Buffer.from(reference.value as Uint8Array))).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('sorts keys by code point, also when only some keys are above U+D800', () => {
    const value = { '\u{1F600}': 1, '\uFB01': 2, a: 3, '\uD7FF': 4 };
    expect(new TextDecoder().decode(canonicalBytes(value))).toBe(canonicalize(value));
    expect(canonicalize(value)).toBe('{"a":3,"\uD7FF":4,"\uFB01":2,"\u{1F600}":1}');
  });

  it('a sealed object is frozen all the way down and keeps giving the same bytes', () => {
    const signed = { _type: 'targets', targets: { 'a/b.tar.gz': { length: 1, hashes: { sha256: 'ab' } } } };
    const before = canonicalBytes(signed);
    sealForSigning(signed);
    const first = canonicalBytes(signed);
    expect(Buffer.from(first).equals(Buffer.from(before))).toBe(true);
    expect(canonicalBytes(signed)).toBe(first);
    expect(Object.isFrozen(signed.targets['a/b.tar.gz'].hashes)).toBe(true);
    expect(() => {
      (signed.targets['a/b.tar.gz'].hashes as Record<string, string>).sha256 = 'cd';
    }).toThrow(TypeError);
  });
});

describe('sameCanonicalJson', () => {
  const reference = (a: unknown, b: unknown): boolean => {
    try {
      return canonicalize(a) === canonicalize(b);
    } catch {
      return false;
    }
  };
  it('agrees with comparing the two canonical serializations', () => {
    fc.assert(fc.property(anyJson, anyJson, (a, b) => {
        expect(sameCanonicalJson(a, b)).toBe(reference(a, b));
      }), { numRuns: 3000 });
  });
  it('agrees on near-identical trees (one leaf changed, a key reordered)', () => {
    fc.assert(
      fc.property(fc.dictionary(anyString, anyJson, { minKeys: 1, maxKeys: 5 }), anyJson, (obj, replacement) => {
        const keys = Object.keys(obj);
        const reordered = Object.fromEntries([...keys].reverse().map((k) => [k, obj[k]]));
        expect(sameCanonicalJson(obj, reordered)).toBe(reference(obj, reordered));
        const changed = { ...obj, [keys[0] as string]: replacement };
        expect(sameCanonicalJson(obj, changed)).toBe(reference(obj, changed));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('signature checks over sealed bytes (remembered per signature)', () => {
  it('give the same verdicts as over fresh bytes, call after call', async () => {
    const { generateKeyPairSync, sign } = await import('node:crypto');
    const { verifySignature } = await import('../../../main/core/tuf/verify.js');
    const { tufKeyFromKeyObject } = await import('../../../main/core/tuf/tuf-keys.js');
    const a = generateKeyPairSync('ed25519');
    const b = generateKeyPairSync('ed25519');
    const keyA = tufKeyFromKeyObject(a.publicKey);
    const keyB = tufKeyFromKeyObject(b.publicKey);
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }).filter((v) => {
        try {
          canonicalize(v);
          return true;
        } catch {
          return false;
        }
      }), { maxKeys: 4 }), fc.nat({ max: 127 }), (signed, flip) => {
        const fresh = canonicalBytes(signed);
        const good = sign(null, fresh, a.privateKey).toString('hex');
        const bad = good.slice(0, flip) + (good[flip] === '0' ? '1' : '0') + good.slice(flip + 1);
        sealForSigning(signed);
        const sealed = canonicalBytes(signed);
        for (let round = 0; round < 2; round++) {
          expect(verifySignature(keyA, good, sealed)).toBe(true);
          expect(verifySignature(keyA, bad, sealed)).toBe(verifySignature(keyA, bad, fresh));
          expect(verifySignature(keyA, bad, sealed)).toBe(false);
          expect(verifySignature(keyB, good, sealed)).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });
});
