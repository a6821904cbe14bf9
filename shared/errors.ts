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

export interface SignerErrorOptions {
  cause?: unknown;
  /**
   * The file or folder the error is about, as main knows it (a path). Messages name it by its own
   * name only; the path travels here, so the CLI can print it and the IPC boundary can drop it
   * (the renderer gets the name, never the path) without rewriting any sentence.
   */
  file?: string;
}

export class SignerError extends Error {
  override name = 'SignerError';
  readonly file?: string;
  constructor(
    readonly code: SignerErrorCode,
    message: string,
    options?: SignerErrorOptions,
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    if (options?.file !== undefined) this.file = options.file;
  }
}

/**
 * The same error with `prefix` before its sentence ("bundle.json: ..."), keeping its code and file.
 * Used where a caller adds where the problem is without losing what it is.
 */
export function prefixed(error: SignerError, prefix: string): SignerError {
  return new SignerError(error.code, `${prefix}: ${error.message}`, { cause: error, ...(error.file === undefined ? {} : { file: error.file }) });
}

/**
 * Why the operating system refused, in words and without the path Node puts in its messages
 * ("EACCES: permission denied, open '/home/bo/...'"). One table for every reader and writer.
 */
export function osReason(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file or folder';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'EROFS': return 'read-only drive';
    case 'ENOSPC':
    case 'EDQUOT': return 'the disk is full';
    case 'EISDIR': return 'it is a folder';
    case 'ENOTDIR': return 'a file is in the way';
    case 'EEXIST': return 'it already exists';
    case 'ELOOP': return 'it is a symbolic link, which is not followed here';
    case 'EMFILE':
    case 'ENFILE': return 'too many files are open';
    case 'EIO': return 'the drive reported an input/output error';
    case 'EBUSY': return 'the file is busy';
    case 'ENAMETOOLONG': return 'the name is too long';
    default: return typeof code === 'string' ? `system error ${code}` : 'unknown error';
  }
}

export function isSignerError(e: unknown): e is SignerError {
  return e instanceof SignerError;
}
