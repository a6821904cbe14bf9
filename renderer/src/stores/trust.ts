// The trust store: the pinned root (version, expiry, fingerprint) and pinning a new one only after
// the holder looked at the candidate and confirmed (and, for an unverified chain, accepted the warning).
import { createStore } from 'zustand/vanilla';
import type { SignerApi } from '../../../shared/ipc/channels.js';
import type { IpcError } from '../../../shared/ipc/result.js';
import type { TrustCandidate, TrustPreviewRequest, TrustState } from '../../../shared/ipc/schemas.js';
import { call } from './operation.js';

export interface TrustStoreState {
  state: TrustState | null;
  candidate: TrustCandidate | null;
  busy: boolean;
  error: IpcError | null;
  load(): Promise<void>;
  preview(source: TrustPreviewRequest['source']): Promise<void>;
  pin(acceptWarnings: boolean): Promise<boolean>;
  dismissCandidate(): void;
}

export function createTrustStore(api: SignerApi) {
  return createStore<TrustStoreState>()((set, get) => ({
    state: null,
    candidate: null,
    busy: false,
    error: null,
    load: async () => {
      const outcome = await call(() => api.trustGet());
      if (outcome.kind === 'ok') set({ state: outcome.value });
      else if (outcome.kind === 'error') set({ error: outcome.error });
    },
    preview: async (source) => {
      set({ busy: true, error: null, candidate: null });
      const outcome = await call(() => api.trustPreview({ source }));
      set({ busy: false });
      if (outcome.kind === 'ok') set({ candidate: outcome.value });
      else if (outcome.kind === 'error') set({ error: outcome.error });
    },
    pin: async (acceptWarnings) => {
      const candidate = get().candidate;
      if (!candidate) return false;
      set({ busy: true, error: null });
      const outcome = await call(() => api.trustPin({ candidateId: candidate.candidateId, confirm: true, acceptWarnings }));
      set({ busy: false });
      if (outcome.kind === 'ok') {
        set({ state: outcome.value, candidate: null });
        return true;
      }
      if (outcome.kind === 'error') set({ error: outcome.error });
      return false;
    },
    dismissCandidate: () => set({ candidate: null, error: null }),
  }));
}

export type TrustStore = ReturnType<typeof createTrustStore>;
