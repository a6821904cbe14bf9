// One error type for everything a user can cause: a stable machine code (for tests, IPC and
// `--json`) and a sentence a key holder can act on. Anything else that is thrown is a bug.

export type SignerErrorCode =
  | 'INPUT_UNREADABLE'
  | 'INPUT_TOO_LARGE'
  | 'INPUT_MALFORMED'
  | 'INPUT_NOT_TUF'
  | 'INPUT_UNKNOWN_KIND'
  | 'METADATA_INVALID'
  | 'ROLE_NOT_FOUND'
  | 'ROLE_AMBIGUOUS'
  | 'TRUSTED_ROOT_REQUIRED'
  | 'KEY_NOT_AUTHORIZED'
  | 'KEY_ALREADY_SIGNED'
  /** One public key under two key ids: one holder would count twice (signing refuses it). */
  | 'KEY_LISTED_TWICE'
  | 'KEY_UNREADABLE'
  | 'KEY_UNSUPPORTED'
  | 'KEY_ENCRYPTED'
  | 'PASSPHRASE_WRONG'
  | 'PASSPHRASE_REQUIRED'
  | 'PIN_REQUIRED'
  | 'SCHEME_UNSUPPORTED'
  | 'SIGNATURE_INVALID'
  | 'SIGNATURE_SELF_CHECK_FAILED'
  | 'OUTPUT_EXISTS'
  | 'OUTPUT_UNWRITABLE'
  | 'OUTPUT_DISK_FULL'
  | 'BUNDLE_INVALID'
  | 'BUNDLE_TAMPERED'
  | 'BUNDLE_INCOMPLETE'
  | 'TRUST_CHAIN_BROKEN'
  | 'TRUST_NOT_PINNED'
  | 'CEREMONY_INVALID'
  | 'TOKEN_ERROR'
  | 'NETWORK_ERROR'
  | 'API_ERROR'
  | 'USAGE'
  | 'INTERNAL'
  /** The bytes about to be signed are not the ones the holder reviewed (nothing was signed). */
  | 'REVIEW_CHANGED'
  /** The user closed a dialog or chooser; not an error to show loudly. */
  | 'CANCELLED'
  // PKCS#11 tokens: finer than TOKEN_ERROR so the UI can re-ask a PIN or say "plug it in".
  | 'TOKEN_MODULE_UNAVAILABLE'
  | 'TOKEN_NOT_FOUND'
  | 'TOKEN_NOT_PRESENT'
  | 'TOKEN_PIN_INCORRECT'
  | 'TOKEN_PIN_LOCKED'
  | 'TOKEN_TOUCH_REQUIRED'
  | 'TOKEN_KEY_NOT_FOUND'
  | 'TOKEN_MECHANISM_UNSUPPORTED'
  | 'TOKEN_DEVICE_ERROR';

export class SignerError extends Error {
  override name = 'SignerError';
  constructor(
    readonly code: SignerErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isSignerError(e: unknown): e is SignerError {
  return e instanceof SignerError;
}
