// Imported files and bundles (held by main under opaque ids) and which one is being worked on.
import { createStore } from 'zustand/vanilla';
import type { SignerApi } from '../../../shared/ipc/channels.js';
import type { IpcError } from '../../../shared/ipc/result.js';
import type { DroppedFile, WorkspaceItem } from '../../../shared/ipc/schemas.js';
import { call, newOperationId } from './operation.js';

export interface WorkspaceState {
  items: WorkspaceItem[];
  currentId: string | null;
  /** Operation id of the import in progress (its progress events are in the progress store). */
  importing: string | null;
  error: IpcError | null;
  refresh(): Promise<void>;
  importWithDialog(pick: 'file' | 'folder'): Promise<WorkspaceItem | null>;
  importDropped(files: DroppedFile[], folderName?: string): Promise<WorkspaceItem | null>;
  /** Reports a problem found before anything reached main (e.g. an empty or oversized drop). */
  reportError(error: IpcError): void;
  select(id: string): void;
  remove(id: string): Promise<void>;
  /** After signing: main returns the item's new revision. */
  replaceItem(item: WorkspaceItem): void;
}

export interface WorkspaceStoreOptions {
  /** Called once main closed an item, so the other stores forget what they kept for it. */
  onRemoved?: (itemId: string) => void;
}

export function createWorkspaceStore(api: SignerApi, options: WorkspaceStoreOptions = {}) {
  return createStore<WorkspaceState>()((set, get) => {
    const adopt = (item: WorkspaceItem) =>
      set((s) => ({ items: [item, ...s.items.filter((i) => i.id !== item.id)], currentId: item.id, error: null }));

    const runImport = async (start: (operationId: string) => ReturnType<SignerApi['workspaceImportWithDialog']>) => {
      const operationId = newOperationId('import');
      set({ importing: operationId, error: null });
      const outcome = await call(() => start(operationId));
      set({ importing: null });
      if (outcome.kind === 'ok') {
        adopt(outcome.value);
        return outcome.value;
      }
      if (outcome.kind === 'error') set({ error: outcome.error });
      return null;
    };

    return {
      items: [],
      currentId: null,
      importing: null,
      error: null,
      refresh: async () => {
        const outcome = await call(() => api.workspaceList());
        if (outcome.kind === 'ok') {
          const current = get().currentId;
          const stillThere = outcome.value.some((i) => i.id === current);
          set({ items: outcome.value, currentId: stillThere ? current : (outcome.value[0]?.id ?? null) });
        } else if (outcome.kind === 'error') set({ error: outcome.error });
      },
      importWithDialog: (pick) => runImport((operationId) => api.workspaceImportWithDialog({ pick, operationId })),
      importDropped: (files, folderName) =>
        runImport((operationId) => api.workspaceImportDropped({ files, operationId, ...(folderName ? { folderName } : {}) })),
      reportError: (error) => set({ error }),
      select: (id) => set({ currentId: id }),
      remove: async (id) => {
        const outcome = await call(() => api.workspaceRemove({ itemId: id }));
        if (outcome.kind === 'error') {
          set({ error: outcome.error });
          return;
        }
        set((s) => {
          const items = s.items.filter((i) => i.id !== id);
          return { items, currentId: s.currentId === id ? (items[0]?.id ?? null) : s.currentId };
        });
        options.onRemoved?.(id);
      },
      replaceItem: (item) => set((s) => ({ items: s.items.map((i) => (i.id === item.id ? item : i)) })),
    };
  });
}

export type WorkspaceStore = ReturnType<typeof createWorkspaceStore>;

export const currentItem = (s: WorkspaceState): WorkspaceItem | null => s.items.find((i) => i.id === s.currentId) ?? null;
