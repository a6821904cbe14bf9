// The IPC contract's names and the API the renderer sees (window.signer).
//
// Safe to bundle into the sandboxed preload: constants and types only (schemas.ts is imported for
// types alone, so no zod code reaches the preload). Channel strings appear ONLY in this file.
//
// Who is trusted: main. The renderer is treated as if it could be compromised: it never sends a
// filesystem path (main chooses files through its dialogs and hands back opaque ids), secrets go
// renderer -> main once and never come back, and every argument is parsed from `unknown` in
// main/ipc/dispatcher.ts.

import type { IpcResult } from './result.js';
import type {
  AppInfo,
  ArtifactList,
  ArtifactListRequest,
  AuditExport,
  AuditList,
  AuditListRequest,
  CanonicalPage,
  CanonicalRequest,
  CeremonyInput,
  CeremonyValidation,
  ComparePreviousRequest,
  ChooserCancelRequest,
  ChooserChooseRequest,
  ChooserEvent,
  ChooserNavigateRequest,
  ChooserView,
  DevicesEvent,
  Empty,
  ExportedFile,
  ExportPublicKeyRequest,
  ExportRequest,
  ExportResult,
  GeneratedKey,
  GenerateKeyRequest,
  ImportDroppedRequest,
  ImportedKeys,
  ImportWithDialogRequest,
  ItemRequest,
  KeyFileChoice,
  ProgressEvent,
  PublicKeyInfo,
  ReviewModel,
  SignResult,
  SignWithKeyFileRequest,
  SignWithTokenRequest,
  TokenList,
  TrustCandidate,
  TrustPinRequest,
  TrustPreviewRequest,
  TrustState,
  WorkspaceItem,
} from './schemas.js';

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
  keysExportPublic: 'signer:keys.exportPublic',

  signWithKeyFile: 'signer:sign.withKeyFile',
  signWithToken: 'signer:sign.withToken',

  tokensList: 'signer:tokens.list',

  exportItem: 'signer:export.item',

  trustGet: 'signer:trust.get',
  trustPreview: 'signer:trust.preview',
  trustPin: 'signer:trust.pin',

  ceremonyValidate: 'signer:ceremony.validate',
  ceremonyCreate: 'signer:ceremony.create',

  auditList: 'signer:audit.list',
  auditExport: 'signer:audit.export',

  chooserNavigate: 'signer:chooser.navigate',
  chooserChoose: 'signer:chooser.choose',
  chooserCancel: 'signer:chooser.cancel',

  /** Added by the renderer (docs/ipc-requests.md #1): a page of a targets role's artifacts. */
  reviewArtifacts: 'signer:review.artifacts',
  /** docs/ipc-requests.md #2: compare a pending delegated role with its current version. */
  reviewComparePrevious: 'signer:review.comparePrevious',
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

/**
 * What window.signer provides: one method per channel (named as in CHANNELS), plus one subscribe
 * method per event. Dialog-backed methods fail with code CANCELLED when the user closes the dialog.
 */
export interface SignerApi {
  appInfo(): Promise<IpcResult<AppInfo>>;

  /** Main's dialog picks a file or a bundle folder; the item is imported and classified. */
  workspaceImportWithDialog(req: ImportWithDialogRequest): Promise<IpcResult<WorkspaceItem>>;
  /** Drag and drop: the renderer sends the dropped bytes (see ImportDroppedRequestSchema). */
  workspaceImportDropped(req: ImportDroppedRequest): Promise<IpcResult<WorkspaceItem>>;
  workspaceList(): Promise<IpcResult<WorkspaceItem[]>>;
  workspaceRemove(req: ItemRequest): Promise<IpcResult<Empty>>;

  reviewGet(req: ItemRequest): Promise<IpcResult<ReviewModel>>;
  /** The canonical JSON that is signed, paged for huge roles, with its sha256. */
  reviewCanonical(req: CanonicalRequest): Promise<IpcResult<CanonicalPage>>;

  /** Main's dialog picks a private key file; returns an opaque reference (never the path or key). */
  keysChooseKeyFile(): Promise<IpcResult<KeyFileChoice>>;
  /** Public keys known to this app (generated, imported, read from tokens), for ceremonies. */
  keysList(): Promise<IpcResult<PublicKeyInfo[]>>;
  /** Generates an encrypted key; main's save dialog picks where the private key file goes. */
  keysGenerate(req: GenerateKeyRequest): Promise<IpcResult<GeneratedKey>>;
  /** Main's dialog picks public key / certificate files (PEM, TUF key JSON, X.509 certificate). */
  keysImportPublic(): Promise<IpcResult<ImportedKeys>>;
  keysExportPublic(req: ExportPublicKeyRequest): Promise<IpcResult<ExportedFile>>;

  signWithKeyFile(req: SignWithKeyFileRequest): Promise<IpcResult<SignResult>>;
  /** Emits progress events with phase "touch" while the token waits for a touch. */
  signWithToken(req: SignWithTokenRequest): Promise<IpcResult<SignResult>>;

  tokensList(): Promise<IpcResult<TokenList>>;

  /** Main's folder dialog picks the destination (the USB stick); returns the manifest fingerprint. */
  exportItem(req: ExportRequest): Promise<IpcResult<ExportResult>>;

  trustGet(): Promise<IpcResult<TrustState>>;
  /** Reads a root (dialog or item) and says how it relates to the pinned root; pins nothing. */
  trustPreview(req: TrustPreviewRequest): Promise<IpcResult<TrustCandidate>>;
  trustPin(req: TrustPinRequest): Promise<IpcResult<TrustState>>;

  ceremonyValidate(req: CeremonyInput): Promise<IpcResult<CeremonyValidation>>;
  /** Builds the bootstrap/update payload and imports it into the workspace, ready to review and sign. */
  ceremonyCreate(req: CeremonyInput): Promise<IpcResult<WorkspaceItem>>;

  auditList(req?: AuditListRequest): Promise<IpcResult<AuditList>>;
  /** Main's save dialog picks where the JSON export goes. */
  auditExport(): Promise<IpcResult<AuditExport>>;

  /** Browser shell only (see EVENTS.chooser). */
  chooserNavigate(req: ChooserNavigateRequest): Promise<IpcResult<ChooserView>>;
  chooserChoose(req: ChooserChooseRequest): Promise<IpcResult<Empty>>;
  chooserCancel(req: ChooserCancelRequest): Promise<IpcResult<Empty>>;

  /** One page of a targets role's artifacts (changed ones, or all), optionally one group or status. */
  reviewArtifacts(req: ArtifactListRequest): Promise<IpcResult<ArtifactList>>;
  /**
   * Main's dialog picks the current version of a pending delegated targets role (bare metadata); once
   * it verifies against the role's delegation, the review compares with it. Returns the new review.
   */
  reviewComparePrevious(req: ComparePreviousRequest): Promise<IpcResult<ReviewModel>>;

  onProgress(listener: (event: ProgressEvent) => void): Unsubscribe;
  onDevices(listener: (event: DevicesEvent) => void): Unsubscribe;
  onChooser(listener: (event: ChooserEvent) => void): Unsubscribe;
}

/** The subscribe methods of SignerApi and the event each one listens to. */
export const EVENT_METHODS = {
  onProgress: EVENTS.progress,
  onDevices: EVENTS.devices,
  onChooser: EVENTS.chooser,
} as const satisfies Record<Extract<keyof SignerApi, `on${string}`>, EventChannel>;

/** The request methods of SignerApi: exactly the keys of CHANNELS. */
export type SignerApiMethod = ChannelKey;
