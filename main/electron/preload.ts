// The sandboxed preload: exposes window.signer with exactly one method per IPC channel plus one
// subscribe method per event, and nothing else (no ipcRenderer, no generic invoke, no process).
// Event listeners receive the payload only, never the IpcRendererEvent (which carries `sender`).
// Bundled to out/main/electron/preload.cjs by scripts/build-preload.mjs (sandboxed preloads cannot
// load ES modules); excluded from tsconfig.json, typechecked by tsconfig.test.json.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, EVENTS, type ChannelKey, type EventChannel, type EventPayloads, type SignerApi, type Unsubscribe } from '../../shared/ipc/channels.js';

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
  return {
    appInfo: call('appInfo'),
    workspaceImportWithDialog: call('workspaceImportWithDialog'),
    workspaceImportDropped: call('workspaceImportDropped'),
    workspaceList: call('workspaceList'),
    workspaceRemove: call('workspaceRemove'),
    reviewGet: call('reviewGet'),
    reviewCanonical: call('reviewCanonical'),
    keysChooseKeyFile: call('keysChooseKeyFile'),
    keysList: call('keysList'),
    keysGenerate: call('keysGenerate'),
    keysImportPublic: call('keysImportPublic'),
    keysExportPublic: call('keysExportPublic'),
    signWithKeyFile: call('signWithKeyFile'),
    signWithToken: call('signWithToken'),
    tokensList: call('tokensList'),
    exportItem: call('exportItem'),
    trustGet: call('trustGet'),
    trustPreview: call('trustPreview'),
    trustPin: call('trustPin'),
    ceremonyValidate: call('ceremonyValidate'),
    ceremonyCreate: call('ceremonyCreate'),
    auditList: call('auditList'),
    auditExport: call('auditExport'),
    chooserNavigate: call('chooserNavigate'),
    chooserChoose: call('chooserChoose'),
    chooserCancel: call('chooserCancel'),
    reviewArtifacts: call('reviewArtifacts'),
    reviewComparePrevious: call('reviewComparePrevious'),
    onProgress: subscribe(EVENTS.progress),
    onDevices: subscribe(EVENTS.devices),
    onChooser: subscribe(EVENTS.chooser),
  } satisfies SignerApi;
}

contextBridge.exposeInMainWorld('signer', buildSignerApi(ipcRenderer));
