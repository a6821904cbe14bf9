// Browser shell only: main's own file chooser (main lists folders under the user's home and picks
// the path; the renderer only draws entries by opaque id). In Electron main shows native dialogs and
// this store stays empty.
import { createStore } from 'zustand/vanilla';
import type { SignerApi } from '../../../shared/ipc/channels.js';
import type { IpcError } from '../../../shared/ipc/result.js';
import type { ChooserView } from '../../../shared/ipc/schemas.js';
import { call } from './operation.js';

export interface ChooserState {
  view: ChooserView | null;
  error: IpcError | null;
  navigate(entryId: string): Promise<void>;
  choose(entryId?: string, fileName?: string): Promise<void>;
  cancel(): Promise<void>;
}

export function createChooserStore(api: SignerApi) {
  const store = createStore<ChooserState>()((set, get) => ({
    view: null,
    error: null,
    navigate: async (entryId) => {
      const view = get().view;
      if (!view) return;
      const outcome = await call(() => api.chooserNavigate({ chooserId: view.chooserId, entryId }));
      if (outcome.kind === 'ok') set({ view: outcome.value, error: null });
      else if (outcome.kind === 'error') set({ error: outcome.error });
    },
    choose: async (entryId, fileName) => {
      const view = get().view;
      if (!view) return;
      const outcome = await call(() =>
        api.chooserChoose({ chooserId: view.chooserId, ...(entryId ? { entryId } : {}), ...(fileName ? { fileName } : {}) }),
      );
      if (outcome.kind === 'error') set({ error: outcome.error });
      else set({ view: null, error: null });
    },
    cancel: async () => {
      const view = get().view;
      if (!view) return;
      set({ view: null, error: null });
      await call(() => api.chooserCancel({ chooserId: view.chooserId }));
    },
  }));
  api.onChooser((view) => store.setState({ view, error: null }));
  return store;
}

export type ChooserStore = ReturnType<typeof createChooserStore>;
