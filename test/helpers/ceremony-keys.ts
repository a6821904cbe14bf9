// Test keys for ceremony tests: real key pairs (so payloads can be signed and verified), turned
// into the NamedKey inputs of shared/ceremony the way main/core/ceremony does for key files.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { NamedKey, OnlineKey } from '../../shared/ceremony/types.js';
import { computeKeyId, tufKeyFromKeyObject } from '../../main/core/tuf/tuf-keys.js';

export interface TestKey extends NamedKey {
  privateKey: KeyObject;
  publicPem: string;
}

export function makeKey(name: string, type: 'ed25519' | 'ecdsa' | 'rsa' = 'ed25519'): TestKey {
  const pair =
    type === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : type === 'ecdsa'
        ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
        : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = tufKeyFromKeyObject(pair.publicKey);
  return { keyid: computeKeyId(key), key, name, privateKey: pair.privateKey, publicPem: pair.publicKey.export({ format: 'pem', type: 'spki' }).toString() };
}

export function makeOnlineKey(name = 'Online Key', uri?: string): TestKey & OnlineKey {
  const k = makeKey(name);
  return { ...k, uri: uri ?? `fn:${k.keyid}` };
}
