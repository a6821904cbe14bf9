// The one signing interface. Key files, PKCS#11 tokens and anything later implement `AsyncSigner`;
// only `signAndVerify` turns their output into a TUF signature, after checking it against the key
// the metadata expects (sign, then verify: a wrong slot, a wrong file or a broken token never
// produces a signature that leaves this process).

import { SignerError } from '../../../shared/errors.js';
import type { TufKey, TufSignature } from '../../../shared/tuf/types.js';
import { computeKeyId, sameKey } from '../tuf/tuf-keys.js';
import { verifySignature } from '../tuf/verify.js';

export interface AsyncSigner {
  /** The public key as TUF writes it (keytype, scheme, keyval). */
  readonly publicKey: TufKey;
  /** Where the key lives, for messages and the audit log: "key file JH.ed25519", "YubiKey 5 #18158855 slot 9c". */
  readonly source: string;
  /** Raw TUF signature bytes over `data` (DER for ecdsa, 64 bytes for ed25519, PSS for rsa). */
  sign(data: Uint8Array): Promise<Uint8Array>;
  /** Forget secrets (unlocked key, PIN session). Safe to call twice. */
  dispose(): Promise<void> | void;
}

/**
 * Signs `data` and returns the TUF signature for `keyid`, verified against `expectedKey`.
 * The expected key comes from the metadata, never from the signer, so a signer holding a different
 * key than the one the role authorizes is caught here.
 */
export async function signAndVerify(signer: AsyncSigner, data: Uint8Array, keyid: string, expectedKey: TufKey): Promise<TufSignature> {
  if (!sameKey(signer.publicKey, expectedKey)) {
    throw new SignerError('KEY_NOT_AUTHORIZED', `${signer.source} holds key ${computeKeyId(signer.publicKey).slice(0, 8)}, not the expected key ${keyid.slice(0, 8)}`);
  }
  // The same key under another scheme (an RSA key listed for PKCS#1 v1.5, a key file that signs PSS)
  // would make a signature that cannot verify: say why instead of failing the self-check.
  if (signer.publicKey.scheme !== expectedKey.scheme) {
    throw new SignerError('KEY_NOT_AUTHORIZED', `key ${keyid.slice(0, 8)} is listed with scheme ${String(expectedKey.scheme)}, but ${signer.source} signs with ${String(signer.publicKey.scheme)}`);
  }
  const raw = await signer.sign(data);
  const sig = Buffer.from(raw).toString('hex');
  if (!verifySignature(expectedKey, sig, data)) {
    throw new SignerError('SIGNATURE_SELF_CHECK_FAILED', `the signature made with ${signer.source} does not verify against key ${keyid.slice(0, 8)}; nothing was written`);
  }
  return { keyid, sig };
}
