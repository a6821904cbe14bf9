// AsyncSigner over a private key loaded from a file (see keys/private-key-file.ts).

import { constants, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { SignerError } from '../../../shared/errors.js';
import type { TufKey } from '../../../shared/tuf/types.js';
import { tufKeyFromKeyObject } from '../tuf/tuf-keys.js';
import type { AsyncSigner } from './signer.js';

export class KeyFileSigner implements AsyncSigner {
  readonly publicKey: TufKey;
  private key: KeyObject | undefined;

  constructor(
    key: KeyObject,
    readonly source: string,
    scheme?: string,
  ) {
    this.key = key;
    this.publicKey = tufKeyFromKeyObject(key, scheme);
  }

  async sign(data: Uint8Array): Promise<Uint8Array> {
    const key = this.key;
    if (!key) throw new SignerError('INTERNAL', `${this.source} was already disposed`);
    switch (this.publicKey.scheme) {
      case 'ed25519':
        return cryptoSign(null, data, key);
      case 'ecdsa-sha2-nistp256':
        return cryptoSign('sha256', data, { key, dsaEncoding: 'der' });
      case 'ecdsa-sha2-nistp384':
        return cryptoSign('sha384', data, { key, dsaEncoding: 'der' });
      case 'ecdsa-sha2-nistp521':
        return cryptoSign('sha512', data, { key, dsaEncoding: 'der' });
      case 'rsassa-pss-sha256':
        // securesystemslib signs PSS with salt length = digest length.
        return cryptoSign('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
      case 'rsa-pkcs1v15-sha256':
        return cryptoSign('sha256', data, { key, padding: constants.RSA_PKCS1_PADDING });
      default:
        throw new SignerError('SCHEME_UNSUPPORTED', `cannot sign with scheme ${this.publicKey.scheme}`);
    }
  }

  dispose(): void {
    // KeyObjects cannot be zeroed from JS; dropping the reference is what we can do.
    this.key = undefined;
  }
}
