import { SignerError } from '../../shared/errors.js';

// The user closed a dialog. Not a failure of the signer: the dispatcher turns it into the IPC code
// CANCELLED, which the renderer treats as "nothing happened".
export class CancelledError extends SignerError {
  override name = 'CancelledError';
  constructor(what: string) {
    super('CANCELLED', `${what} was cancelled`);
  }
}

export function orCancel<T>(value: T | null, what: string): T {
  if (value === null) throw new CancelledError(what);
  return value;
}
