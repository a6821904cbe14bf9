// Channel -> (request schema, response schema). The dispatcher parses every request with it, and
// tests check every response against it, so the runtime contract cannot drift from SignerApi.

import { z } from 'zod';
import { CHANNELS, EVENTS, type ChannelKey, type EventKey } from './channels.js';
import * as S from './schemas.js';

interface ChannelSchemas {
  request: z.ZodType;
  response: z.ZodType;
}

export const CHANNEL_SCHEMAS = {
  appInfo: { request: S.NoArgSchema, response: S.AppInfoSchema },
  workspaceImportWithDialog: { request: S.ImportWithDialogRequestSchema, response: S.WorkspaceItemSchema },
  workspaceImportDropped: { request: S.ImportDroppedRequestSchema, response: S.WorkspaceItemSchema },
  workspaceList: { request: S.NoArgSchema, response: z.array(S.WorkspaceItemSchema) },
  workspaceRemove: { request: S.ItemRequestSchema, response: S.EmptySchema },
  reviewGet: { request: S.ItemRequestSchema, response: S.ReviewModelSchema },
  reviewCanonical: { request: S.CanonicalRequestSchema, response: S.CanonicalPageSchema },
  keysChooseKeyFile: { request: S.NoArgSchema, response: S.KeyFileChoiceSchema },
  keysList: { request: S.NoArgSchema, response: z.array(S.PublicKeyInfoSchema) },
  keysGenerate: { request: S.GenerateKeyRequestSchema, response: S.GeneratedKeySchema },
  keysImportPublic: { request: S.NoArgSchema, response: S.ImportedKeysSchema },
  keysExportPublic: { request: S.ExportPublicKeyRequestSchema, response: S.ExportedFileSchema },
  signWithKeyFile: { request: S.SignWithKeyFileRequestSchema, response: S.SignResultSchema },
  signWithToken: { request: S.SignWithTokenRequestSchema, response: S.SignResultSchema },
  tokensList: { request: S.NoArgSchema, response: S.TokenListSchema },
  exportItem: { request: S.ExportRequestSchema, response: S.ExportResultSchema },
  trustGet: { request: S.NoArgSchema, response: S.TrustStateSchema },
  trustPreview: { request: S.TrustPreviewRequestSchema, response: S.TrustCandidateSchema },
  trustPin: { request: S.TrustPinRequestSchema, response: S.TrustStateSchema },
  ceremonyValidate: { request: S.CeremonyInputSchema, response: S.CeremonyValidationSchema },
  ceremonyCreate: { request: S.CeremonyInputSchema, response: S.WorkspaceItemSchema },
  auditList: { request: S.AuditListRequestSchema, response: S.AuditListSchema },
  auditExport: { request: S.NoArgSchema, response: S.AuditExportSchema },
  chooserNavigate: { request: S.ChooserNavigateRequestSchema, response: S.ChooserViewSchema },
  chooserChoose: { request: S.ChooserChooseRequestSchema, response: S.EmptySchema },
  chooserCancel: { request: S.ChooserCancelRequestSchema, response: S.EmptySchema },
  reviewArtifacts: { request: S.ArtifactListRequestSchema, response: S.ArtifactListSchema },
  reviewComparePrevious: { request: S.ComparePreviousRequestSchema, response: S.ReviewModelSchema },
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
