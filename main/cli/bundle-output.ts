// Placeholder boundary for writing a signature into a bundle folder; the exchange work replaces the body.
import { SignerError } from '../../shared/errors.js';
import type { SignOutcome } from '../engine/signing/sign-document.js';
import type { OpenedInput } from './open-input.js';

export function addSignatureToBundle(_input: OpenedInput, _outcome: SignOutcome, _options: { out?: string; force: boolean }): string {
  throw new SignerError('BUNDLE_INVALID', 'signing bundles is not available in this build');
}
