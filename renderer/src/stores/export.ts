// Writing the current item out as a bundle (main's folder dialog picks the USB stick) and the
// manifest fingerprint the holder reads aloud to the person at the online machine.
import { createStore } from 'zustand/vanilla';
import type { SignerApi } from '../../../shared/ipc/channels.js';
import type { IpcError } from '../../../shared/ipc/result.js';
import type { ExportResult } from '../../../shared/ipc/schemas.js';
import { call, newOperationId } from './operation.js';

export interface ExportState {
  operationId: string | null;
  /** Last export per item id. */
  results: Record<string, ExportResult>;
  /** Last refusal per item id: it shows on its own item only. */
  errors: Record<string, IpcError>;
  exportItem(itemId: string): Promise<ExportResult | null>;
}

export function createExportStore(api: SignerApi) {
  return createStore<ExportState>()((set) => ({
    operationId: null,
    results: {},
    errors: {},
    exportItem: async (itemId) => {
      const operationId = newOperationId('export');
      set((s) => {
        const { [itemId]: _old, ...errors } = s.errors;
        return { operationId, errors };
      });
      const outcome = await call(() => api.exportItem({ itemId, operationId }));
      set({ operationId: null });
      if (outcome.kind === 'ok') {
        set((s) => ({ results: { ...s.results, [itemId]: outcome.value } }));
        return outcome.value;
      }
      if (outcome.kind === 'error') set((s) => ({ errors: { ...s.errors, [itemId]: outcome.error } }));
      return null;
    },
  }));
}

export type ExportStore = ReturnType<typeof createExportStore>;
