// Public keys this app knows (generated, imported, read from tokens): generate an encrypted key,
// import public keys and certificates, export a public key.
import { createStore } from 'zustand/vanilla';
import type { SignerApi } from '../../../shared/ipc/channels.js';
import type { IpcError } from '../../../shared/ipc/result.js';
import type { GenerateKeyRequest, PublicKeyInfo } from '../../../shared/ipc/schemas.js';
import { call, newOperationId } from './operation.js';

export interface KeysState {
  keys: PublicKeyInfo[];
  /** Operation id of a key generation in progress. */
  generating: string | null;
  /** One line about the last thing that worked ("Saved alice.key"), announced politely. */
  message: string | null;
  error: IpcError | null;
  refresh(): Promise<void>;
  generate(req: Omit<GenerateKeyRequest, 'operationId'>): Promise<PublicKeyInfo | null>;
  importPublic(): Promise<PublicKeyInfo[]>;
  /** A connected token's key (public half, no PIN) joins the list the ceremony wizards pick from. */
  importFromToken(tokenRef: string, tokenKeyRef: string): Promise<PublicKeyInfo[]>;
  exportPublic(keyid: string, format: 'pem' | 'tuf-json'): Promise<void>;
}

/** The engine's rule (shared/keys/passphrase.ts); checked here too so the holder hears it before main does. */
export { MIN_PASSPHRASE_LENGTH, passphraseLength } from '../../../shared/keys/passphrase.js';

export function createKeysStore(api: SignerApi) {
  return createStore<KeysState>()((set, get) => ({
    keys: [],
    generating: null,
    message: null,
    error: null,
    refresh: async () => {
      const outcome = await call(() => api.keysList());
      if (outcome.kind === 'ok') set({ keys: outcome.value });
      else if (outcome.kind === 'error') set({ error: outcome.error });
    },
    generate: async (req) => {
      const operationId = newOperationId('keygen');
      set({ generating: operationId, error: null, message: null });
      const outcome = await call(() => api.keysGenerate({ ...req, operationId }));
      set({ generating: null });
      if (outcome.kind === 'ok') {
        set({ message: `Generated ${outcome.value.publicKey.name} and saved the encrypted private key as ${outcome.value.fileName}.` });
        await get().refresh();
        return outcome.value.publicKey;
      }
      if (outcome.kind === 'error') set({ error: outcome.error });
      return null;
    },
    importPublic: async () => {
      set({ error: null, message: null });
      const outcome = await call(() => api.keysImportPublic());
      if (outcome.kind === 'ok') {
        const names = outcome.value.imported.map((k) => k.name).join(', ');
        set({ message: outcome.value.imported.length ? `Imported ${names}.` : 'No new keys were imported.' });
        await get().refresh();
        return outcome.value.imported;
      }
      if (outcome.kind === 'error') set({ error: outcome.error });
      return [];
    },
    importFromToken: async (tokenRef, tokenKeyRef) => {
      set({ error: null, message: null });
      const outcome = await call(() => api.keysImportFromToken({ tokenRef, tokenKeyRef }));
      if (outcome.kind === 'ok') {
        set({ message: `Added ${outcome.value.imported.map((k) => k.name).join(', ')} from the token; it can now be chosen in the ceremonies.` });
        await get().refresh();
        return outcome.value.imported;
      }
      if (outcome.kind === 'error') set({ error: outcome.error });
      return [];
    },
    exportPublic: async (keyid, format) => {
      set({ error: null, message: null });
      const outcome = await call(() => api.keysExportPublic({ keyid, format }));
      if (outcome.kind === 'ok') set({ message: `Saved the public key as ${outcome.value.fileName}.` });
      else if (outcome.kind === 'error') set({ error: outcome.error });
    },
  }));
}

export type KeysStore = ReturnType<typeof createKeysStore>;
