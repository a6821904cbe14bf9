// The audit log: every signature made on this laptop, newest first, with the hash chain re-checked
// by main, and its export as JSON through main's save dialog.
import { createStore } from 'zustand/vanilla';
import type { SignerApi } from '../../../shared/ipc/channels.js';
import type { IpcError } from '../../../shared/ipc/result.js';
import type { AuditList } from '../../../shared/ipc/schemas.js';
import { call } from './operation.js';

export interface AuditState {
  log: AuditList | null;
  loading: boolean;
  message: string | null;
  error: IpcError | null;
  load(limit?: number): Promise<void>;
  exportJson(): Promise<void>;
}

export function createAuditStore(api: SignerApi) {
  return createStore<AuditState>()((set) => ({
    log: null,
    loading: false,
    message: null,
    error: null,
    load: async (limit) => {
      set({ loading: true });
      const outcome = await call(() => api.auditList(limit ? { limit } : undefined));
      if (outcome.kind === 'ok') set({ log: outcome.value, loading: false, error: null });
      else set({ loading: false, error: outcome.kind === 'error' ? outcome.error : null });
    },
    exportJson: async () => {
      set({ error: null, message: null });
      const outcome = await call(() => api.auditExport());
      if (outcome.kind === 'ok') set({ message: `Exported ${outcome.value.entries} entries to ${outcome.value.fileName}.` });
      else if (outcome.kind === 'error') set({ error: outcome.error });
    },
  }));
}

export type AuditStore = ReturnType<typeof createAuditStore>;
