// The trust store: every pinned repository, the one the workspace is reviewed against (chosen here,
// remembered by main), and pinning a root only after the holder looked at the candidate, named the
// repository it belongs to and confirmed (and, for an unverified chain, accepted the warning).
import { createStore } from 'zustand/vanilla';
import type { SignerApi } from '../../../shared/ipc/channels.js';
import type { IpcError } from '../../../shared/ipc/result.js';
import type { TrustCandidate, TrustPreviewRequest, TrustState } from '../../../shared/ipc/schemas.js';
import { call } from './operation.js';
import type { ReviewStore } from './review.js';
import type { SigningStore } from './signing.js';
import type { WorkspaceStore } from './workspace.js';

export interface TrustStoreState {
  state: TrustState | null;
  candidate: TrustCandidate | null;
  busy: boolean;
  error: IpcError | null;
  /** Main's refusal of the repository name typed on the pin card (shown under the field). */
  nameError: IpcError | null;
  load(): Promise<void>;
  /** Reads a root; `repository` names the repository it is for (default: main's, the one in use or "default"). */
  preview(source: TrustPreviewRequest['source'], repository?: string): Promise<void>;
  /** The candidate judged again for another repository name (same candidate). */
  renameCandidate(repository: string): Promise<boolean>;
  pin(acceptWarnings: boolean): Promise<boolean>;
  /** Reviews, signing and export are checked against `repository` from now on. */
  choose(repository: string): Promise<boolean>;
  dismissCandidate(): void;
}

export function createTrustStore(api: SignerApi) {
  return createStore<TrustStoreState>()((set, get) => ({
    state: null,
    candidate: null,
    busy: false,
    error: null,
    nameError: null,
    load: async () => {
      const outcome = await call(() => api.trustGet());
      if (outcome.kind === 'ok') set({ state: outcome.value });
      else if (outcome.kind === 'error') set({ error: outcome.error });
    },
    preview: async (source, repository) => {
      set({ busy: true, error: null, nameError: null, candidate: null });
      const outcome = await call(() => api.trustPreview(repository === undefined ? { source } : { source, repository }));
      set({ busy: false });
      if (outcome.kind === 'ok') set({ candidate: outcome.value });
      else if (outcome.kind === 'error') set({ error: outcome.error });
    },
    renameCandidate: async (repository) => {
      const candidate = get().candidate;
      if (!candidate) return false;
      set({ busy: true, nameError: null });
      const outcome = await call(() => api.trustPreview({ source: { from: 'candidate', candidateId: candidate.candidateId }, repository }));
      set({ busy: false });
      // Dismissed meanwhile: nothing to update.
      if (get().candidate?.candidateId !== candidate.candidateId) return false;
      if (outcome.kind === 'ok') {
        set({ candidate: outcome.value });
        return true;
      }
      if (outcome.kind === 'error') set({ nameError: outcome.error });
      return false;
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
    choose: async (repository) => {
      set({ busy: true, error: null });
      const outcome = await call(() => api.trustChoose({ repository }));
      set({ busy: false });
      if (outcome.kind === 'ok') {
        set({ state: outcome.value });
        return true;
      }
      if (outcome.kind === 'error') set({ error: outcome.error });
      return false;
    },
    dismissCandidate: () => set({ candidate: null, error: null, nameError: null }),
  }));
}

export type TrustStore = ReturnType<typeof createTrustStore>;

/**
 * After the repository in use changed: no item's review or signature result survives it (they were
 * judged against the other repository's root). Every item's confirmation, hashes, threshold badges
 * and sign result are forgotten, and the item on the Review screen is reviewed again.
 */
export function forgetTrustedState(stores: { workspace: WorkspaceStore; review: ReviewStore; signing: SigningStore }): void {
  const loaded = stores.review.getState().itemId;
  for (const item of stores.workspace.getState().items) {
    stores.review.getState().forget(item.id);
    stores.signing.getState().forget(item.id);
  }
  if (loaded !== null && stores.workspace.getState().items.some((i) => i.id === loaded)) void stores.review.getState().load(loaded);
}
