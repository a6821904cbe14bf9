// One main-side action behind a button (a dialog main opens, then a result): busy while it runs,
// the success sentence or the engine's error after; a closed dialog leaves neither.
import { useState } from 'react';
import type { IpcError, IpcResult } from '../../../../shared/ipc/result.js';
import { call } from '../../stores/operation.js';

export function useMainAction<T, A extends unknown[] = []>(run: (...args: A) => Promise<IpcResult<T>>, describe: (value: T) => string, after?: () => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const start = async (...args: A) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    const outcome = await call(() => run(...args));
    setBusy(false);
    if (outcome.kind === 'ok') {
      setMessage(describe(outcome.value));
      await after?.();
    } else if (outcome.kind === 'error') {
      setError(outcome.error);
    }
  };
  return { busy, message, error, start };
}
