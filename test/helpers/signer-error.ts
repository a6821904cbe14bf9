import { SignerError } from '../../shared/errors.js';

/** The SignerError `fn` throws; anything else thrown is rethrown, and nothing thrown fails the test. */
export function thrownSignerError(fn: () => unknown): SignerError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SignerError) return error;
    throw error;
  }
  throw new Error('expected a SignerError, but nothing was thrown');
}
