// What every IPC call returns. Nothing is thrown across the boundary: a failure is data with a
// stable code (SignerErrorCode, or an IPC-level code below) and one sentence a key holder can act
// on. Secrets never appear in `message`.

import type { SignerErrorCode } from '../errors.js';

/** Codes the IPC layer itself produces, on top of the domain's SignerErrorCode. */
export type IpcErrorCode =
  | SignerErrorCode
  /** The channel name is not one of CHANNEL_NAMES. */
  | 'IPC_UNKNOWN_CHANNEL'
  /** The argument failed the channel's zod schema (wrong shape, too long, unexpected keys). */
  | 'IPC_INVALID_ARGUMENT'
  /** The call did not come from the app's own top-level page (register.ts / browser shell). */
  | 'IPC_FORBIDDEN_SENDER';

export interface IpcError {
  code: IpcErrorCode;
  message: string;
  /** The name (never the path) of the file or folder the error is about, when there is one. */
  file?: string;
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export const ok = <T>(value: T): IpcResult<T> => ({ ok: true, value });
export const fail = (code: IpcErrorCode, message: string, file?: string): IpcResult<never> => ({ ok: false, error: file === undefined ? { code, message } : { code, message, file } });

/** For tests and stores: the value of a successful result, or throws with the error's sentence. */
export function unwrap<T>(result: IpcResult<T>): T {
  if (result.ok) return result.value;
  throw new Error(`${result.error.code}: ${result.error.message}`);
}
