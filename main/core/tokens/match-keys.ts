// Which token keys can sign what a document asks for: compare public keys (never labels or key
// ids, which the token does not know), so the holder picks "slot 9c" rather than a hex key id.

import type { RstufDocument } from '../../../shared/tuf/documents.js';
import type { RootMetadata, TufKey } from '../../../shared/tuf/types.js';
import { keyDisplayName, sameKey } from '../tuf/tuf-keys.js';
import { findAuthorizers } from '../tuf/authorization.js';
import type { TokenKey } from './token-list.js';

export interface WantedKey {
  keyid: string;
  key: TufKey;
  /** "root v2" style names of the pending roles this key may sign. */
  roles: string[];
  /** x-rstuf-key-name or the short key id. */
  name: string;
  /** The key has a valid-looking signature on every role it may sign already. */
  alreadySigned: boolean;
}

export interface KeyMatch {
  tokenKey: TokenKey;
  wanted: WantedKey;
}

/** Every key any pending role of `doc` accepts, with the roles it may sign. */
export function wantedKeys(doc: RstufDocument, trustedRoot?: RootMetadata): WantedKey[] {
  const byId = new Map<string, WantedKey & { signedRoles: number }>();
  for (const pending of doc.pending) {
    const { authorizers } = findAuthorizers(doc, pending, trustedRoot ? { trustedRoot } : {});
    const roleName = `${pending.name} v${pending.metadata.signed.version}`;
    const signedBy = new Set((pending.metadata.signatures ?? []).filter((s) => typeof s.sig === 'string' && s.sig.length > 0).map((s) => s.keyid));
    for (const authorizer of authorizers) {
      for (const keyid of authorizer.role.keyids ?? []) {
        const key = authorizer.keys[keyid];
        if (!key) continue;
        let wanted = byId.get(keyid);
        if (!wanted) {
          wanted = { keyid, key, roles: [], name: keyDisplayName(keyid, key), alreadySigned: false, signedRoles: 0 };
          byId.set(keyid, wanted);
        }
        if (!wanted.roles.includes(roleName)) {
          wanted.roles.push(roleName);
          if (signedBy.has(keyid)) wanted.signedRoles += 1;
        }
      }
    }
  }
  return [...byId.values()].map(({ signedRoles, ...w }) => ({ ...w, alreadySigned: signedRoles === w.roles.length }));
}

/** Token keys whose public key is one the document asks for. */
export function matchKeysToDocument(keys: TokenKey[], doc: RstufDocument, trustedRoot?: RootMetadata): KeyMatch[] {
  const wanted = wantedKeys(doc, trustedRoot);
  const matches: KeyMatch[] = [];
  for (const tokenKey of keys) {
    if (!tokenKey.publicKey) continue;
    for (const w of wanted) {
      if (sameKey(tokenKey.publicKey, w.key)) matches.push({ tokenKey, wanted: w });
    }
  }
  return matches;
}
