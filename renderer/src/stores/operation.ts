// Helpers every store uses to call the API: correlate progress events with the call that caused
// them, and treat a closed dialog (CANCELLED) as "nothing happened" rather than an error.
import type { IpcError, IpcResult } from '../../../shared/ipc/result.js';

let counter = 0;
/** An id the renderer chooses so main's progress events can be matched to this call. */
export function newOperationId(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

export type Outcome<T> = { kind: 'ok'; value: T } | { kind: 'cancelled' } | { kind: 'error'; error: IpcError };

/** Runs an API call; a rejected promise (the bridge itself failed) becomes an INTERNAL error, never a crash. */
export async function call<T>(run: () => Promise<IpcResult<T>>): Promise<Outcome<T>> {
  let result: IpcResult<T>;
  try {
    result = await run();
  } catch (e) {
    return { kind: 'error', error: { code: 'INTERNAL', message: `the signer's main process did not answer (${e instanceof Error ? e.message : String(e)})` } };
  }
  if (result.ok) return { kind: 'ok', value: result.value };
  if (result.error.code === 'CANCELLED') return { kind: 'cancelled' };
  return { kind: 'error', error: result.error };
}
