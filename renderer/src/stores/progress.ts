// The latest progress event per operation, fed by main's progress events. Screens show the one for
// the call they started (hashing a big bundle, a token waiting for a touch).
import { createStore } from 'zustand/vanilla';
import type { SignerApi } from '../../../shared/ipc/channels.js';
import type { ProgressEvent } from '../../../shared/ipc/schemas.js';

export interface ProgressState {
  byOperation: Record<string, ProgressEvent>;
  clear(operationId: string): void;
}

export function createProgressStore(api: Pick<SignerApi, 'onProgress'>) {
  const store = createStore<ProgressState>()((set) => ({
    byOperation: {},
    clear: (operationId) =>
      set((s) => {
        const { [operationId]: _gone, ...rest } = s.byOperation;
        return { byOperation: rest };
      }),
  }));
  api.onProgress((event) => {
    if (!event.operationId) return;
    const id = event.operationId;
    store.setState((s) => ({ byOperation: { ...s.byOperation, [id]: event } }));
  });
  return store;
}

export type ProgressStore = ReturnType<typeof createProgressStore>;

/** 0..1 when the event carries counts, else undefined (indeterminate). */
export function progressFraction(event: ProgressEvent | undefined): number | undefined {
  if (!event || event.completed === null || event.total === null || event.total <= 0) return undefined;
  return event.completed / event.total;
}
