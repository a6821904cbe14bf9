// Placeholder boundary for PKCS#11 signing from the CLI; the hardware-token work replaces the body.
import { SignerError } from '../../shared/errors.js';
import type { RstufDocument } from '../../shared/tuf/documents.js';
import type { RootMetadata } from '../../shared/tuf/types.js';
import type { AsyncSigner } from '../engine/signing/signer.js';
import type { CliIo } from './io.js';

export interface TokenSignerFlags {
  module: string;
  token: string | undefined;
  keyLabel: string | undefined;
  keyId: string | undefined;
  pinFile: string | undefined;
  doc: RstufDocument;
  trustedRoot: RootMetadata | undefined;
}

export async function createTokenSignerFromFlags(_flags: TokenSignerFlags, _io: CliIo): Promise<AsyncSigner> {
  throw new SignerError('TOKEN_ERROR', 'PKCS#11 signing is not available in this build');
}
