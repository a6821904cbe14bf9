// The IPC contract: channel -> (request schema, response schema), with what each does. The
// dispatcher parses every request and checks every response with it, and SignerApi (window.signer)
// is derived from it, so the renderer's API and the runtime checks cannot drift apart. Dialog-backed
// methods fail with code CANCELLED when the user closes the dialog.

import { z } from 'zod';
import { CHANNELS, EVENTS, type ChannelKey, type EVENT_METHODS, type EventKey, type EventPayloads, type Unsubscribe } from './channels.js';
import type { IpcResult } from './result.js';
import * as S from './schemas.js';

interface ChannelSchemas {
  request: z.ZodType;
  response: z.ZodType;
}

export const CHANNEL_SCHEMAS = {
  appInfo: { request: S.NoArgSchema, response: S.AppInfoSchema },
  /** Main's dialog picks a file or a bundle folder; the item is imported and classified. */
  workspaceImportWithDialog: { request: S.ImportWithDialogRequestSchema, response: S.WorkspaceItemSchema },
  /** Drag and drop: the renderer sends the dropped bytes (see ImportDroppedRequestSchema). */
  workspaceImportDropped: { request: S.ImportDroppedRequestSchema, response: S.WorkspaceItemSchema },
  workspaceList: { request: S.NoArgSchema, response: z.array(S.WorkspaceItemSchema) },
  workspaceRemove: { request: S.ItemRequestSchema, response: S.EmptySchema },
  /** The review: what signing would authorize, warnings with their level, who has signed (with firstScreen: all but who has signed, sooner). */
  reviewGet: { request: S.ReviewGetRequestSchema, response: S.ReviewModelSchema },
  /** The canonical JSON that is signed, paged for huge roles, with its sha256. */
  reviewCanonical: { request: S.CanonicalRequestSchema, response: S.CanonicalPageSchema },
  /** Main's dialog picks a private key file; returns an opaque reference (never the path or key). */
  keysChooseKeyFile: { request: S.NoArgSchema, response: S.KeyFileChoiceSchema },
  /** Public keys known to this app (generated, imported, read from tokens), for ceremonies. */
  keysList: { request: S.NoArgSchema, response: z.array(S.PublicKeyInfoSchema) },
  /** Generates an encrypted key; main's save dialog picks where the private key file goes. */
  keysGenerate: { request: S.GenerateKeyRequestSchema, response: S.GeneratedKeySchema },
  /** Main's dialog picks public key / certificate files (PEM, TUF key JSON, X.509 certificate). */
  keysImportPublic: { request: S.NoArgSchema, response: S.ImportedKeysSchema },
  /** A connected token's key (its public half, no PIN) joins the key list the ceremony wizards pick from. */
  keysImportFromToken: { request: S.ImportTokenKeyRequestSchema, response: S.ImportedKeysSchema },
  keysExportPublic: { request: S.ExportPublicKeyRequestSchema, response: S.ExportedFileSchema },
  /** Signs what the holder reviewed (the request carries the reviewed sha256s; main refuses anything else). */
  signWithKeyFile: { request: S.SignWithKeyFileRequestSchema, response: S.SignResultSchema },
  /** Emits progress events with phase "touch" while the token waits for a touch. */
  signWithToken: { request: S.SignWithTokenRequestSchema, response: S.SignResultSchema },
  tokensList: { request: S.NoArgSchema, response: S.TokenListSchema },
  /** Main's file dialog (shared objects) picks another PKCS#11 module, remembered in the data folder; returns the new token list. */
  tokensChooseModule: { request: S.NoArgSchema, response: S.TokenListSchema },
  /** Main's folder dialog picks the destination (the USB stick); returns the manifest fingerprint. Refused when RSTUF would refuse the payload. */
  exportItem: { request: S.ExportRequestSchema, response: S.ExportResultSchema },
  /** Every pinned repository, and the one in use: reviews, signing and export are checked against its root. */
  trustGet: { request: S.NoArgSchema, response: S.TrustStateSchema },
  /** Reads a root (dialog or item) and says how it relates to the named repository's trusted root (a new name: a new repository); pins nothing. Again with the same candidate: judged for another name. */
  trustPreview: { request: S.TrustPreviewRequestSchema, response: S.TrustCandidateSchema },
  /** Pins the candidate for the repository it was judged against, after main's own confirmation. */
  trustPin: { request: S.TrustPinRequestSchema, response: S.TrustStateSchema },
  /** Chooses the pinned repository the workspace is reviewed against (remembered in the data folder); every review is then checked against it. */
  trustChoose: { request: S.TrustChooseRequestSchema, response: S.TrustStateSchema },
  ceremonyValidate: { request: S.CeremonyInputSchema, response: S.CeremonyValidationSchema },
  /** Builds the bootstrap/update payload and imports it into the workspace, ready to review and sign. */
  ceremonyCreate: { request: S.CeremonyInputSchema, response: S.WorkspaceItemSchema },
  auditList: { request: S.AuditListRequestSchema, response: S.AuditListSchema },
  /** Main's save dialog picks where the JSON export goes. */
  auditExport: { request: S.NoArgSchema, response: S.AuditExportSchema },
  /** Browser shell only (see EVENTS.chooser): the main-side chooser the renderer draws. */
  chooserNavigate: { request: S.ChooserNavigateRequestSchema, response: S.ChooserViewSchema },
  chooserChoose: { request: S.ChooserChooseRequestSchema, response: S.EmptySchema },
  chooserCancel: { request: S.ChooserCancelRequestSchema, response: S.EmptySchema },
  /** One page of a targets role's artifacts (changed ones, or all), optionally one group or status, for roles too big to list. */
  reviewArtifacts: { request: S.ArtifactListRequestSchema, response: S.ArtifactListSchema },
  /** Main's dialog picks the current version of a pending delegated targets role (bare metadata); once it verifies against the role's delegation, the review compares with it. Returns the new review. */
  reviewComparePrevious: { request: S.ComparePreviousRequestSchema, response: S.ReviewModelSchema },
  /** Takes a signature RSTUF would refuse the payload for out of the item (RoleReview.refusedSignatures only). */
  signDropSignature: { request: S.DropSignatureRequestSchema, response: S.WorkspaceItemSchema },
  /** The item's export (a signature's POST /api/v1/metadata/sign payload, or the signed payload) as BBQr QR frames, the same bytes as the file export. Refused like exportItem when RSTUF would refuse it, and above the QR limit (pointing to USB). */
  qrExportFrames: { request: S.QrExportRequestSchema, response: S.QrFramesSchema },
  /** The holder clicked "Start camera" on the Scan screen: from now until qrScanStop (or the last part), the camera (video only) may be granted to the app. */
  qrScanStart: { request: S.NoArgSchema, response: S.QrScanStartSchema },
  /** One QR code's text the camera read. Once every part is in, main joins them and imports the payload like a file. */
  qrScanFrame: { request: S.QrScanFrameRequestSchema, response: S.QrScanProgressSchema },
  /** The Scan screen stopped (or was left): the camera is denied again. */
  qrScanStop: { request: S.QrScanStopRequestSchema, response: S.EmptySchema },
  /** Main's dialog picks a key holder's proof of possession; main checks it against the item's pending root, keeps it in the data folder and returns the new review. */
  proofImport: { request: S.ItemRequestSchema, response: S.ProofImportResultSchema },
  /** Main's save dialogs pick where the ceremony record goes (HTML, and the PDF Chromium prints when asked). */
  recordSave: { request: S.RecordSaveRequestSchema, response: S.RecordSaveResultSchema },
} as const satisfies Record<ChannelKey, ChannelSchemas>;

export const EVENT_SCHEMAS = {
  progress: S.ProgressEventSchema,
  devices: S.DevicesEventSchema,
  chooser: S.ChooserEventSchema,
} as const satisfies Record<EventKey, z.ZodType>;

const KEY_BY_CHANNEL = new Map<string, ChannelKey>(Object.entries(CHANNELS).map(([k, v]) => [v, k as ChannelKey]));
const KEY_BY_EVENT = new Map<string, EventKey>(Object.entries(EVENTS).map(([k, v]) => [v, k as EventKey]));

/** The CHANNELS key for a channel name, or undefined for anything else (including "__proto__"). */
export function channelKeyOf(channel: unknown): ChannelKey | undefined {
  return typeof channel === 'string' ? KEY_BY_CHANNEL.get(channel) : undefined;
}

export function eventKeyOf(channel: unknown): EventKey | undefined {
  return typeof channel === 'string' ? KEY_BY_EVENT.get(channel) : undefined;
}

export type RequestOf<K extends ChannelKey> = z.infer<(typeof CHANNEL_SCHEMAS)[K]['request']>;
export type ResponseOf<K extends ChannelKey> = z.infer<(typeof CHANNEL_SCHEMAS)[K]['response']>;

type MethodOf<K extends ChannelKey> = undefined extends RequestOf<K> ? (req?: RequestOf<K>) => Promise<IpcResult<ResponseOf<K>>> : (req: RequestOf<K>) => Promise<IpcResult<ResponseOf<K>>>;
type EventMethods = typeof EVENT_METHODS;

/**
 * What window.signer provides: one method per channel (named as in CHANNELS), plus one subscribe
 * method per event (listeners receive the payload only, never the IPC event).
 */
export type SignerApi = { [K in ChannelKey]: MethodOf<K> } & {
  [M in keyof EventMethods]: (listener: (event: EventPayloads[EventMethods[M]]) => void) => Unsubscribe;
};
