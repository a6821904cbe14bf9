import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TufKey } from '../../../../shared/tuf/types.js';
import { tufKeyFromKeyObject } from '../../../../main/core/tuf/tuf-keys.js';
import { loadDocumentFile } from '../../../../main/core/tuf/load-document.js';
import { matchKeysToDocument, wantedKeys } from '../../../../main/core/tokens/match-keys.js';
import { sameKey as samePublicKey } from '../../../../main/core/tuf/tuf-keys.js';
import type { TokenKey } from '../../../../main/core/tokens/token-list.js';
import { cliFixture } from '../../../helpers/fixtures.js';

const JANIS = '50d7e110ad65f3b2dba5c3cfc8c5ca259be9774cc26be3410044ffd4be3aa5f3';
const JIMI = 'c6d8bf2e4f48b41ac2ce8eca21415ca8ef68c133b47fc33df03d4070a7e1e9cc';

function tokenKey(publicKey: TufKey | undefined, id: string): TokenKey {
  return { id, label: `key ${id}`, labels: [`key ${id}`], type: 'ecdsa-p256', bits: 256, publicKey, publicKeyFrom: 'public-key', certificateName: undefined, hasPrivateKey: undefined, displayName: `slot ${id}`, unusable: undefined };
}

describe('matching token keys to the keys a document asks for', () => {
  const ceremony = loadDocumentFile(cliFixture('ceremony.json'));
  const janis = ceremony.pending[0]?.metadata.signed as unknown as { keys: Record<string, TufKey> };
  const janisKey = janis.keys[JANIS] as TufKey;

  it("lists the ceremony's root keys by x-rstuf-key-name, and notes that both already signed", () => {
    const wanted = wantedKeys(ceremony);
    expect(wanted.map((w) => [w.keyid, w.name, w.roles, w.alreadySigned])).toEqual([
      [JIMI, "JimiHendrix's Key", ['root v1'], true],
      [JANIS, "JanisJoplin's Key", ['root v1'], true],
    ]);
  });

  it('matches by key material whatever the PEM wrapping or legacy keytype spelling the token side has', () => {
    // Same key as JanisJoplin's, re-exported by Node (no trailing newline games) and spelled the legacy way.
    const reexported = createPublicKey(janisKey.keyval.public).export({ format: 'pem', type: 'spki' }).toString().trimEnd();
    const onToken: TufKey = { keytype: 'ecdsa-sha2-nistp256', scheme: 'ecdsa-sha2-nistp256', keyval: { public: reexported } };
    const stranger = tufKeyFromKeyObject(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey);
    const matches = matchKeysToDocument([tokenKey(stranger, '01'), tokenKey(onToken, '02'), tokenKey(undefined, '03')], ceremony);
    expect(matches.map((m) => [m.tokenKey.id, m.wanted.keyid, m.wanted.name])).toEqual([['02', JANIS, "JanisJoplin's Key"]]);
  });

  it('never matches keys of different types or unreadable keys', () => {
    const ed = tufKeyFromKeyObject(generateKeyPairSync('ed25519').publicKey);
    expect(samePublicKey(ed, janisKey)).toBe(false);
    expect(samePublicKey({ keytype: 'ecdsa', scheme: 'ecdsa-sha2-nistp256', keyval: { public: 'not a pem' } }, janisKey)).toBe(false);
    expect(samePublicKey(janisKey, janisKey)).toBe(true);
  });
});
