// The sandboxed preload: exposes window.signer with exactly one method per IPC channel plus one
// subscribe method per event, and nothing else (no ipcRenderer, no generic invoke, no process).
// Event listeners receive the payload only, never the IpcRendererEvent (which carries `sender`).
// Bundled to out/main/shells/electron/preload.cjs by scripts/build-preload.mjs (sandboxed preloads cannot
// load ES modules); excluded from tsconfig.json, typechecked by tsconfig.test.json.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, EVENT_METHODS, type ChannelKey, type EventChannel, type EventPayloads, type SignerApi, type Unsubscribe } from '../../../shared/ipc/channels.js';

type IpcRendererLike = Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>;

export function buildSignerApi(ipc: IpcRendererLike): SignerApi {
  // Method name === CHANNELS key, so each method can only ever reach its own channel.
  const call = <K extends ChannelKey>(key: K): SignerApi[K] => ((arg?: unknown) => ipc.invoke(CHANNELS[key], arg)) as SignerApi[K];
  const subscribe =
    <E extends EventChannel>(event: E) =>
    (listener: (payload: EventPayloads[E]) => void): Unsubscribe => {
      if (typeof listener !== 'function') throw new TypeError('a listener function is required');
      const wrapped = (_event: IpcRendererEvent, payload: EventPayloads[E]) => listener(payload);
      ipc.on(event, wrapped);
      return () => {
        ipc.removeListener(event, wrapped);
      };
    };
  // Derived from the contract's tables: adding a channel adds its method here with no edit.
  const methods = Object.fromEntries((Object.keys(CHANNELS) as ChannelKey[]).map((key) => [key, call(key)]));
  const events = Object.fromEntries(Object.entries(EVENT_METHODS).map(([method, event]) => [method, subscribe(event)]));
  return Object.freeze({ ...methods, ...events }) as SignerApi;
}

contextBridge.exposeInMainWorld('signer', buildSignerApi(ipcRenderer));
