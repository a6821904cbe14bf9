// The IPC contract's names (window.signer's methods and events). Adding a channel: its name here,
// its schemas and words in contract.ts (CHANNEL_SCHEMAS; the compiler asks for them), its service
// in main/services; SignerApi, the preload and the browser-shell bridge follow from these tables.
//
// Safe to bundle into the sandboxed preload: constants and types only (contract.ts and schemas.ts
// are imported for types alone, so no zod code reaches the preload). Channel strings appear ONLY
// in this file.
//
// Who is trusted: main. The renderer is treated as if it could be compromised: it never sends a
// filesystem path (main chooses files through its dialogs and hands back opaque ids), secrets go
// renderer -> main once and never come back, and every argument is parsed from `unknown` in
// main/services/dispatcher.ts.

import type { ChooserEvent, DevicesEvent, ProgressEvent } from './schemas.js';

/** Request/response channels (renderer -> main), `signer:<noun>.<verb>`. */
export const CHANNELS = {
  appInfo: 'signer:app.info',

  workspaceImportWithDialog: 'signer:workspace.importWithDialog',
  workspaceImportDropped: 'signer:workspace.importDropped',
  workspaceList: 'signer:workspace.list',
  workspaceRemove: 'signer:workspace.remove',

  reviewGet: 'signer:review.get',
  reviewCanonical: 'signer:review.canonical',

  keysChooseKeyFile: 'signer:keys.chooseKeyFile',
  keysList: 'signer:keys.list',
  keysGenerate: 'signer:keys.generate',
  keysImportPublic: 'signer:keys.importPublic',
  keysImportFromToken: 'signer:keys.importFromToken',
  keysExportPublic: 'signer:keys.exportPublic',

  signWithKeyFile: 'signer:sign.withKeyFile',
  signWithToken: 'signer:sign.withToken',

  tokensList: 'signer:tokens.list',
  tokensChooseModule: 'signer:tokens.chooseModule',

  exportItem: 'signer:export.item',

  trustGet: 'signer:trust.get',
  trustPreview: 'signer:trust.preview',
  trustPin: 'signer:trust.pin',
  trustChoose: 'signer:trust.choose',

  ceremonyValidate: 'signer:ceremony.validate',
  ceremonyCreate: 'signer:ceremony.create',

  auditList: 'signer:audit.list',
  auditExport: 'signer:audit.export',

  chooserNavigate: 'signer:chooser.navigate',
  chooserChoose: 'signer:chooser.choose',
  chooserCancel: 'signer:chooser.cancel',

  reviewArtifacts: 'signer:review.artifacts',
  reviewComparePrevious: 'signer:review.comparePrevious',
  signDropSignature: 'signer:sign.dropSignature',

  qrExportFrames: 'signer:qr.exportFrames',
  qrScanStart: 'signer:qr.scanStart',
  qrScanFrame: 'signer:qr.scanFrame',
  qrScanStop: 'signer:qr.scanStop',

  proofImport: 'signer:proof.import',
  recordSave: 'signer:record.save',
} as const;

export type ChannelKey = keyof typeof CHANNELS;
export type Channel = (typeof CHANNELS)[ChannelKey];
export const CHANNEL_NAMES: readonly Channel[] = Object.values(CHANNELS);

/** Event channels (main -> renderer). Listeners receive the payload only, never the IPC event. */
export const EVENTS = {
  progress: 'signer:event.progress',
  devices: 'signer:event.devices',
  /** Browser shell only: a main-side chooser wants the renderer to draw it. */
  chooser: 'signer:event.chooser',
} as const;

export type EventKey = keyof typeof EVENTS;
export type EventChannel = (typeof EVENTS)[EventKey];
export const EVENT_NAMES: readonly EventChannel[] = Object.values(EVENTS);

export interface EventPayloads {
  'signer:event.progress': ProgressEvent;
  'signer:event.devices': DevicesEvent;
  'signer:event.chooser': ChooserEvent;
}

export type Unsubscribe = () => void;

/** What window.signer provides: derived from the contract (shared/ipc/contract.ts). */
export type { SignerApi } from './contract.js';

/** The subscribe methods of SignerApi and the event each one listens to. */
export const EVENT_METHODS = {
  onProgress: EVENTS.progress,
  onDevices: EVENTS.devices,
  onChooser: EVENTS.chooser,
} as const satisfies Record<`on${string}`, EventChannel>;

/** The request methods of SignerApi: exactly the keys of CHANNELS. */
export type SignerApiMethod = ChannelKey;
