// Connected hardware tokens and their keys, re-listed when main reports a device plugged in or out.
import { createStore } from 'zustand/vanilla';
import type { SignerApi } from '../../../shared/ipc/channels.js';
import type { IpcError } from '../../../shared/ipc/result.js';
import type { TokenList } from '../../../shared/ipc/schemas.js';
import { call } from './operation.js';

export interface TokensState {
  list: TokenList | null;
  loading: boolean;
  error: IpcError | null;
  /** Last plug/unplug seen ("YubiKey 5 NFC attached"). */
  lastDeviceChange: string | null;
  refresh(): Promise<void>;
  /** Main's file dialog picks another PKCS#11 module (remembered by main); the list is read again. */
  chooseModule(): Promise<void>;
}

export function createTokensStore(api: SignerApi) {
  const store = createStore<TokensState>()((set) => ({
    list: null,
    loading: false,
    error: null,
    lastDeviceChange: null,
    refresh: async () => {
      set({ loading: true, error: null });
      const outcome = await call(() => api.tokensList());
      if (outcome.kind === 'ok') set({ list: outcome.value, loading: false });
      else set({ loading: false, error: outcome.kind === 'error' ? outcome.error : null });
    },
    chooseModule: async () => {
      set({ loading: true, error: null });
      const outcome = await call(() => api.tokensChooseModule());
      if (outcome.kind === 'ok') set({ list: outcome.value, loading: false });
      else set({ loading: false, error: outcome.kind === 'error' ? outcome.error : null });
    },
  }));
  api.onDevices((event) => {
    store.setState({ lastDeviceChange: `${event.description} ${event.change}` });
    void store.getState().refresh();
  });
  return store;
}

export type TokensStore = ReturnType<typeof createTokensStore>;
