// zod schemas for every IPC request and response (the contract's runtime half; channels.ts has the
// names and the SignerApi type). Main parses EVERY renderer argument with these from `unknown`
// (main/services/dispatcher.ts); the renderer may reuse the response schemas in tests.
//
// Rules that make these schemas a security boundary, not just types:
// - objects are strict: an unexpected key (including "__proto__", "constructor", "prototype") is
//   rejected, so nothing the renderer sends can smuggle extra fields into a service;
// - every string has a maximum length and most have a pattern; ids are opaque tokens minted by main
//   (the renderer never sends a filesystem path: main chooses files through its dialogs);
// - secrets (passphrase, PIN) only appear in requests, never in a response schema.

import { z } from 'zod';
import { MAX_QR_FRAMES, MAX_QR_PAYLOAD_BYTES, MAX_QR_TEXT } from '../qr/limits.js';

// ---------------------------------------------------------------------------------------------
// Building blocks

const hex = (len: number) => z.string().regex(new RegExp(`^[0-9a-f]{${len}}$`));
/** Printable text without control characters (display names, role names, labels). */
const plainText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^\P{Cc}*$/u, 'must not contain control characters');

/** One path segment chosen by the user (a dropped folder's name, a file name to save as). */
export const FileNameSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^(?!\.\.?$)(?:(?!\p{Cc})[^/\\:*?"<>|])+$/u, 'must be a plain file or folder name');

export const ItemIdSchema = z.string().regex(/^item-[0-9a-f]{32}$/, 'not a workspace item id');
export const KeyFileRefSchema = z.string().regex(/^keyfile-[0-9a-f]{32}$/, 'not a key file reference');
export const TokenRefSchema = z.string().regex(/^token-[0-9a-f]{32}$/, 'not a token reference');
export const TokenKeyRefSchema = z.string().regex(/^tokenkey-[0-9a-f]{32}$/, 'not a token key reference');
export const CandidateIdSchema = z.string().regex(/^candidate-[0-9a-f]{32}$/, 'not a trust candidate id');
export const ChooserIdSchema = z.string().regex(/^chooser-[0-9a-f]{32}$/, 'not a chooser id');
export const ChooserEntryIdSchema = z.string().regex(/^entry-[0-9a-f]{32}$/, 'not a chooser entry id');
/** TUF key ids are sha256 hex (public data, so they are used as-is to name public keys). */
export const KeyIdSchema = hex(64);
export const Sha256Schema = hex(64);
/** Chosen by the renderer to correlate progress events with the call that caused them. */
export const OperationIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
export const RoleNameSchema = plainText(256);
export const IsoTimeSchema = z.string().max(64);

/** Passphrase for a key file: sent renderer -> main once, never returned, logged or stored. */
export const PassphraseSchema = z.string().min(1).max(1024);
/** Token PIN: sent renderer -> main once, never returned, logged or stored. */
export const PinSchema = z.string().min(1).max(256);

/** Channels without an argument accept nothing (or an empty object, for transports that need a body). */
export const NoArgSchema = z.union([z.undefined(), z.null(), z.strictObject({})]);

export const DocumentKindSchema = z.enum(['sign-pending', 'bootstrap', 'update', 'delegations', 'sign-payload', 'metadata']);
export const SigningSchemeSchema = z.enum(['ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsassa-pss-sha256']);

// ---------------------------------------------------------------------------------------------
// App

export const AppInfoSchema = z.strictObject({
  name: z.string(),
  version: z.string(),
  /** Which shell hosts the renderer: the Electron app, the 127.0.0.1 browser shell, or a test harness. */
  shell: z.enum(['electron', 'browser', 'test']),
  /**
   * Who asks the holder's confirmations, passphrases and PINs: `main` (outside the page; the page
   * sends no secret and shows no passphrase field) or `page` (the browser shell without a terminal).
   */
  questions: z.enum(['main', 'page']),
});

// ---------------------------------------------------------------------------------------------
// Workspace: imported files and bundles, held by main under opaque ids

export const WorkspaceRoleSchema = z.strictObject({
  role: z.string(),
  type: z.string(),
  version: z.number().int(),
  expires: z.string(),
});

export const WorkspaceItemSchema = z.strictObject({
  id: ItemIdSchema,
  /** The file or folder name the user picked (never a full path). */
  displayName: z.string(),
  source: z.enum(['file', 'bundle']),
  kind: DocumentKindSchema,
  /** Plain-words description of `kind`. */
  kindLabel: z.string(),
  /** Roles in the document that wait for offline signatures (empty for e.g. a sign payload). */
  roles: z.array(WorkspaceRoleSchema),
  /** sha256 of the imported bytes (single file) or the bundle manifest fingerprint (bundle): read it aloud. */
  fingerprint: Sha256Schema,
  /** The bundle's manifest fingerprint when the item came from a bundle; null for a single file. */
  manifestFingerprint: Sha256Schema.nullable(),
  /** `fingerprint` as 4 groups of 4 hex digits, to read aloud ("1a2b 3c4d 5e6f 7a8b"). */
  fingerprintShort: z.string(),
  importedAt: IsoTimeSchema,
  /** Signatures added on this laptop since import (each signature makes a new revision). */
  signaturesAdded: z.number().int().nonnegative(),
});

export const ImportWithDialogRequestSchema = z.strictObject({
  /** What main's dialog lets the user pick: a single RSTUF/TUF JSON file or a bundle folder. */
  pick: z.enum(['file', 'folder']),
  operationId: OperationIdSchema.optional(),
});

/** A dropped file as bytes; `path` is its position inside a dropped folder ("bundle/manifest.json"). */
export const DroppedFileSchema = z.strictObject({
  path: z
    .string()
    .min(1)
    .max(512)
    .regex(/^(?!\/)(?!.*(?:^|\/)\.\.?(?:\/|$))(?!.*\/\/)(?:(?!\p{Cc})[^\\:*?"<>|])+$/u, 'must be a plain relative path inside the dropped folder'),
  /** File content, base64. Total of all files: at most MAX_DROP_BYTES decoded. */
  contentBase64: z.string().max(90_000_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
});

export const MAX_DROP_FILES = 256;
export const MAX_DROP_BYTES = 64 * 1024 * 1024;

/**
 * Drag and drop: the renderer reads the dropped file(s) and sends their bytes (no path exists on the
 * renderer side, in Electron or in a browser); main checks, stores and classifies them.
 * `folderName` is set when a folder was dropped.
 */
export const ImportDroppedRequestSchema = z
  .strictObject({
    folderName: FileNameSchema.optional(),
    files: z.array(DroppedFileSchema).min(1).max(MAX_DROP_FILES),
    operationId: OperationIdSchema.optional(),
  })
  // base64 is 4/3 of the bytes: refuse an oversized drop before anything is decoded.
  .refine((req) => req.files.reduce((n, f) => n + f.contentBase64.length, 0) <= Math.ceil(MAX_DROP_BYTES / 3) * 4, {
    message: `the dropped files are larger than ${MAX_DROP_BYTES / 1048576} MB in total`,
    path: ['files'],
  });

export const ItemRequestSchema = z.strictObject({ itemId: ItemIdSchema });
/**
 * review.get: `firstScreen` asks for the review without signature status (no canonical bytes, no
 * signature checks: most of a 100,000-artifact role's review), for the screen to show at once.
 */
export const ReviewGetRequestSchema = z.strictObject({ itemId: ItemIdSchema, firstScreen: z.literal(true).optional() });

// ---------------------------------------------------------------------------------------------
// Review

/** 'elsewhere': a Sigstore key, which signs online (RSTUF checks it), never from this laptop; not counted here. */
export const SignerStateSchema = z.enum(['valid', 'invalid', 'missing', 'elsewhere']);

export const ThresholdReviewSchema = z.strictObject({
  /** "trusted root v1", "new root v2", "delegation 'production' in targets v3". */
  label: z.string(),
  required: z.number().int(),
  signedCount: z.number().int(),
  met: z.boolean(),
  /** Every key of this authorizer with its state, for "2 of 3: JanisJoplin ✓, JimiHendrix ✓, JoeCocker missing". */
  signers: z.array(
    z.strictObject({
      keyid: KeyIdSchema.or(z.string().max(256)),
      name: z.string(),
      state: SignerStateSchema,
      /** State 'elsewhere': the Sigstore identity and OIDC issuer that sign. */
      signsElsewhere: z.strictObject({ identity: z.string(), issuer: z.string() }).optional(),
    }),
  ),
  /** The delegation lists no key ids: RSTUF's online key signs the role (no signers, nothing to count here). */
  onlineKeySigns: z.boolean().optional(),
});

export const ReviewNoticeSchema = z.strictObject({
  /** danger: must not be missed (e.g. signature invalid, key id mismatch); warning; info. */
  severity: z.enum(['danger', 'warning', 'info']),
  code: z.string(),
  message: z.string(),
});

export const ReviewChangeSchema = z.strictObject({
  /** What part changed: "version", "expiry", "threshold", "keys", "targets", ... */
  area: z.string(),
  summary: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
});

/** A key as the review names it (key ids from files may be any string, so they are not checked as hex). */
const ReviewKeyRefSchema = z.strictObject({ keyid: z.string(), name: z.string() });
const ReviewKeyDetailsSchema = z.strictObject({
  keyid: z.string(),
  name: z.string(),
  keytype: z.string(),
  scheme: z.string(),
  onlineKeyUri: z.string().optional(),
  /** A Sigstore key: it signs elsewhere (online), never from this laptop. */
  signsElsewhere: z.strictObject({ identity: z.string(), issuer: z.string() }).optional(),
});

/** Who holds which role in a root: keys with their roles, thresholds, the online key. */
export const RootOverviewSchema = z.strictObject({
  keys: z.array(ReviewKeyDetailsSchema.extend({ roles: z.array(z.string()) })),
  /** Free-form x-<vendor>-<name> fields of root, as canonical JSON. */
  extraFields: z.array(z.strictObject({ field: z.string(), value: z.string() })).optional(),
  roles: z.array(z.strictObject({ role: z.string(), threshold: z.number().int(), keys: z.array(ReviewKeyRefSchema) })),
  onlineKey: ReviewKeyDetailsSchema.optional(),
  consistentSnapshot: z.boolean().optional(),
  specVersion: z.string(),
});

const ArtifactCountsShape = { added: z.number().int(), removed: z.number().int(), modified: z.number().int(), unchanged: z.number().int() };
/** Artifact counts of a targets role, per top path segment; pages come from review.artifacts. */
export const ArtifactOverviewSchema = z.strictObject({
  total: z.number().int(),
  counts: z.strictObject(ArtifactCountsShape),
  groups: z.array(z.strictObject({ group: z.string(), ...ArtifactCountsShape })),
  changesNotListed: z.number().int(),
  /** False when there is no trusted version to compare with: every artifact then counts as added. */
  compared: z.boolean(),
});

/**
 * One pending role of THE review (main/core/review reviewDocument, with the engine's one threshold
 * count): what the CLI's `inspect --json` says, in the shape the screens read.
 */
export const RoleReviewSchema = z.strictObject({
  role: z.string(),
  type: z.string(),
  version: z.number().int(),
  expires: z.string(),
  /** The version it is compared with (trusted root, trusted targets, previous delegated role). */
  trustedVersion: z.number().int().nullable(),
  /**
   * False in a first-screen review (review.get with firstScreen): nothing is serialized or checked
   * yet, so sha256 and canonicalBytes are null, thresholds empty, met false and signingRefused set;
   * the full review.get follows with the signature status. Nothing may be signed from it.
   */
  signaturesChecked: z.boolean(),
  /** sha256 of the canonical bytes that are signed, and their length (null until signaturesChecked). */
  sha256: Sha256Schema.nullable(),
  canonicalBytes: z.number().int().nonnegative().nullable(),
  thresholds: z.array(ThresholdReviewSchema),
  /** Every threshold met with valid signatures (and, for payloads, no signature RSTUF refuses). */
  met: z.boolean(),
  /** Set when the root needed to judge this role is not known (pin it in the trust store). */
  missingAuthorizer: z.string().nullable(),
  /** Plain-words changes against the trusted version. */
  changes: z.array(ReviewChangeSchema),
  /** The review's warnings with their level (danger first). */
  notices: z.array(ReviewNoticeSchema),
  /** Signatures RSTUF would refuse the whole payload for (bootstrap, update): the holder may drop them. */
  refusedSignatures: z.array(z.strictObject({ keyid: z.string(), name: z.string(), state: z.string(), reason: z.string().nullable() })),
  /** Why nobody may sign this role (one key under two key ids, a broken trust chain); main refuses it too. */
  signingRefused: z.string().nullable(),
  root: RootOverviewSchema.nullable(),
  artifacts: ArtifactOverviewSchema.nullable(),
});

export const ReviewModelSchema = z.strictObject({
  itemId: ItemIdSchema,
  kind: DocumentKindSchema,
  kindLabel: z.string(),
  roles: z.array(RoleReviewSchema),
  /** Document-level notices (e.g. "judged against the trust store's pinned root v3"); danger first. */
  notices: z.array(ReviewNoticeSchema),
  /** How the review is anchored: chained to the pinned root, or unanchored (taken on the file's word). */
  trust: z.strictObject({
    state: z.enum(['chained', 'unanchored']),
    message: z.string(),
    /** Chained: the trust store's repository it was checked against, and the root version used. */
    repository: z.string().optional(),
    rootVersion: z.number().int().optional(),
  }),
});

/**
 * A delegated targets role's current version, chosen in main's dialog, to compare the pending one
 * with (RSTUF's sign response carries no trusted version of a delegated role).
 */
export const ComparePreviousRequestSchema = z.strictObject({
  itemId: ItemIdSchema,
  role: RoleNameSchema,
});
export type ComparePreviousRequest = z.infer<typeof ComparePreviousRequestSchema>;

/** A signature RSTUF would refuse the payload for (RoleReview.refusedSignatures), to take out. */
export const DropSignatureRequestSchema = z.strictObject({
  itemId: ItemIdSchema,
  role: RoleNameSchema,
  keyid: z.string().min(1).max(256),
});
export type DropSignatureRequest = z.infer<typeof DropSignatureRequestSchema>;

export const MAX_CANONICAL_PAGE = 1_000_000;

export const CanonicalRequestSchema = z.strictObject({
  itemId: ItemIdSchema,
  role: RoleNameSchema,
  /** Character offset into the canonical JSON text. */
  offset: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
  /** Characters to return (default and maximum MAX_CANONICAL_PAGE). */
  limit: z.number().int().positive().max(MAX_CANONICAL_PAGE).optional(),
  operationId: OperationIdSchema.optional(),
});

export const CanonicalPageSchema = z.strictObject({
  role: z.string(),
  sha256: Sha256Schema,
  totalBytes: z.number().int().nonnegative(),
  totalChars: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  /** A slice of the canonical JSON (UTF-8 decoded); the whole document when small. */
  text: z.string(),
  /** Offset of the next page, or null when `text` reaches the end. */
  nextOffset: z.number().int().nonnegative().nullable(),
});

// signer:review.artifacts: one page of a targets role's artifacts, so a
// 100,000-artifact role can be browsed without sending it whole across IPC.
export const ArtifactStatusSchema = z.enum(['added', 'removed', 'modified', 'unchanged']);

export const ArtifactListRequestSchema = z.strictObject({
  itemId: ItemIdSchema,
  role: RoleNameSchema,
  /** 1-based; a page past the end answers the last page. */
  page: z.number().int().positive().max(1_000_000),
  pageSize: z.number().int().positive().max(1000),
  /** 'changes': added, removed and modified artifacts only; 'all': every pending artifact too. */
  include: z.enum(['changes', 'all']),
  /** Only this top-level path group ("production/", "(top level)"). */
  group: z.string().min(1).max(1024).optional(),
  status: ArtifactStatusSchema.optional(),
  /** Only artifacts whose path contains this text (case ignored). */
  query: z.string().min(1).max(1024).optional(),
});

const ArtifactFileSchema = z.strictObject({ length: z.number().int().nonnegative(), hashes: z.record(z.string(), z.string()) });

export const ArtifactListSchema = z.strictObject({
  role: z.string(),
  page: z.number().int().positive(),
  pageSize: z.number().int().positive(),
  pages: z.number().int().positive(),
  totalEntries: z.number().int().nonnegative(),
  /** False when there is no trusted version to compare with: every artifact then counts as added. */
  compared: z.boolean(),
  entries: z.array(
    z.strictObject({
      path: z.string(),
      status: ArtifactStatusSchema,
      group: z.string(),
      /** The trusted version's entry (null when added) and the pending one (null when removed). */
      from: ArtifactFileSchema.nullable(),
      to: ArtifactFileSchema.nullable(),
    }),
  ),
});

// ---------------------------------------------------------------------------------------------
// Keys

export const PublicKeyInfoSchema = z.strictObject({
  keyid: KeyIdSchema,
  name: z.string(),
  keytype: z.string(),
  scheme: z.string(),
  /** Where it came from: generated here, imported from a file, or read from a token. */
  origin: z.enum(['generated', 'imported', 'token']),
  /** File it was imported from or generated into (name only). */
  fileName: z.string().nullable(),
});

export const KeyFileChoiceSchema = z.strictObject({
  keyFileRef: KeyFileRefSchema,
  fileName: z.string(),
  encrypted: z.boolean(),
  /** The public key, when it can be read without the passphrase; otherwise null until signing. */
  publicKey: PublicKeyInfoSchema.nullable(),
});

export const GenerateKeyRequestSchema = z.strictObject({
  scheme: SigningSchemeSchema,
  /**
   * At least 8 characters (MIN_PASSPHRASE_LENGTH); the key is encrypted with it before it is
   * written. Only where the page asks (AppInfo.questions === 'page'); otherwise main asks for it.
   */
  passphrase: PassphraseSchema.optional(),
  /** Display name (stored as x-rstuf-key-name in ceremonies). */
  name: plainText(128),
  operationId: OperationIdSchema.optional(),
});

export const GeneratedKeySchema = z.strictObject({
  fileName: z.string(),
  publicKey: PublicKeyInfoSchema,
});

export const ImportedKeysSchema = z.strictObject({ imported: z.array(PublicKeyInfoSchema) });

/** A public key read from a connected token's listing (no PIN), added to the app's key list for ceremonies. */
export const ImportTokenKeyRequestSchema = z.strictObject({
  tokenRef: TokenRefSchema,
  tokenKeyRef: TokenKeyRefSchema,
  /** The name it will carry (x-rstuf-key-name); default: the token's label and the key's slot or label. */
  name: plainText(128).optional(),
});

export const ExportPublicKeyRequestSchema = z.strictObject({
  keyid: KeyIdSchema,
  /** PEM (SubjectPublicKeyInfo) or the TUF key JSON {keytype, scheme, keyval}. */
  format: z.enum(['pem', 'tuf-json']),
});

export const ExportedFileSchema = z.strictObject({ fileName: z.string() });

// ---------------------------------------------------------------------------------------------
// Signing

/**
 * What the holder reviewed: each pending role with the sha256 of its canonical signed bytes, as the
 * review showed them (RoleReview.sha256). Main signs only when the bytes it is about to sign still
 * hash to what was reviewed, so a review of one revision can never authorize signing another.
 */
export const ReviewedRoleSchema = z.strictObject({ role: RoleNameSchema, sha256: Sha256Schema });
export const ReviewedRolesSchema = z.array(ReviewedRoleSchema).min(1).max(256);

export const SignWithKeyFileRequestSchema = z.strictObject({
  itemId: ItemIdSchema,
  /** The roles the holder reviewed (see ReviewedRoleSchema); required. */
  reviewed: ReviewedRolesSchema,
  /** Needed only when the key may sign several pending roles. */
  role: RoleNameSchema.optional(),
  keyFileRef: KeyFileRefSchema,
  /** For encrypted key files where the page asks (AppInfo.questions === 'page'); used once, never stored. */
  passphrase: PassphraseSchema.optional(),
  operationId: OperationIdSchema.optional(),
});

export const SignWithTokenRequestSchema = z.strictObject({
  itemId: ItemIdSchema,
  reviewed: ReviewedRolesSchema,
  role: RoleNameSchema.optional(),
  tokenRef: TokenRefSchema,
  tokenKeyRef: TokenKeyRefSchema,
  /** Only where the page asks (AppInfo.questions === 'page'); otherwise main asks for it itself. */
  pin: PinSchema.optional(),
  operationId: OperationIdSchema.optional(),
});

export const KeySourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('file'), fileName: z.string() }),
  z.strictObject({ kind: z.literal('token'), serial: z.string(), label: z.string() }),
]);

export const AuditEntrySchema = z.strictObject({
  seq: z.number().int().positive(),
  time: IsoTimeSchema,
  /** The repository as known: the bundle's repository, else the imported item's name. */
  repository: z.string(),
  role: z.string(),
  version: z.number().int(),
  /** sha256 of the canonical bytes that were signed. */
  signedSha256: Sha256Schema,
  keyid: z.string(),
  keyName: z.string(),
  keySource: KeySourceSchema,
  /** sha256 of the previous entry's line ("0" * 64 for the first) and of this entry. */
  prevHash: Sha256Schema,
  hash: Sha256Schema,
});

export const SignResultSchema = z.strictObject({
  itemId: ItemIdSchema,
  role: z.string(),
  version: z.number().int(),
  keyid: z.string(),
  keyName: z.string(),
  /** The role's review after the signature was added and verified. */
  review: RoleReviewSchema,
  item: WorkspaceItemSchema,
  auditEntry: AuditEntrySchema,
  /** After a root signature: the ceremony record rewritten in the data folder (its file name), or why it was not. */
  record: z.discriminatedUnion('written', [z.strictObject({ written: z.literal(true), fileName: z.string() }), z.strictObject({ written: z.literal(false), problem: z.string() })]).optional(),
});

// ---------------------------------------------------------------------------------------------
// Tokens

export const TokenKeySchema = z.strictObject({
  tokenKeyRef: TokenKeyRefSchema,
  label: z.string(),
  /** TUF key id of the key on the token, when its public key could be read. */
  keyid: KeyIdSchema.nullable(),
  scheme: z.string().nullable(),
});

export const TokenInfoSchema = z.strictObject({
  tokenRef: TokenRefSchema,
  label: z.string(),
  serial: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  keys: z.array(TokenKeySchema),
  /** Token health (main/core/tokens/health.ts): YubiKey firmware advisories, slots, PIN policy; `known` false for other tokens. */
  health: z
    .strictObject({
      known: z.boolean(),
      summary: z.string().max(1000),
      notes: z.array(z.strictObject({ level: z.enum(['danger', 'warning', 'info']), message: z.string().max(2000) })).max(64),
    })
    .optional(),
});

export const TokenListSchema = z.strictObject({
  /** False when no PKCS#11 module is configured/installed; `message` then says what to install. */
  available: z.boolean(),
  message: z.string().nullable(),
  tokens: z.array(TokenInfoSchema),
});

// ---------------------------------------------------------------------------------------------
// Export

export const ExportRequestSchema = z.strictObject({
  itemId: ItemIdSchema,
  operationId: OperationIdSchema.optional(),
});

export const ExportResultSchema = z.strictObject({
  /** Name of the folder written into (chosen in main's dialog). */
  destinationName: z.string(),
  /** Names of the files written, relative to the destination. */
  files: z.array(z.string()),
  /** sha256 of the bundle's manifest.json: read it aloud to the person at the online machine. */
  manifestFingerprint: Sha256Schema,
  /** The same as 4 groups of 4 hex digits ("1a2b 3c4d 5e6f 7a8b"). */
  fingerprintShort: z.string(),
});

// ---------------------------------------------------------------------------------------------
// Trust store

export const PinnedRootSchema = z.strictObject({
  version: z.number().int(),
  expires: z.string(),
  /** sha256 of the root's canonical signed bytes. */
  fingerprint: Sha256Schema,
  threshold: z.number().int(),
  keys: z.array(z.strictObject({ keyid: z.string(), name: z.string() })),
  pinnedAt: IsoTimeSchema,
  sourceName: z.string(),
});

/**
 * A repository name as the holder typed it. Only its size is checked here: main judges it by the
 * CLI's --repository rule (main/core/trust checkRepositoryName), so a bad name gets that rule's words.
 */
export const RepositoryNameArgSchema = z.string().min(1, 'name the repository').max(200);

/** One repository of the trust store: its latest trusted root, or why its chain does not verify. */
export const PinnedRepositorySchema = z.strictObject({
  repository: z.string(),
  pinned: PinnedRootSchema.nullable(),
  problem: z.string().nullable(),
});

export const TrustStateSchema = z.strictObject({
  /** The latest trusted root of the repository in use (reviews, signing and export are checked against it). */
  pinned: PinnedRootSchema.nullable(),
  // Main always sends the three below; optional so a reply without them still reads as "one repository".
  /** The repository in use: the holder's choice, else the only one pinned; null when none is. */
  repository: z.string().nullable().optional(),
  /** Every pinned repository, by name. */
  repositories: z.array(PinnedRepositorySchema).optional(),
  /** Why no repository is in use though some are pinned (several, none chosen). */
  choiceProblem: z.string().nullable().optional(),
});

export const TrustChooseRequestSchema = z.strictObject({ repository: RepositoryNameArgSchema });

export const TrustPreviewRequestSchema = z.strictObject({
  /**
   * A root file chosen in main's dialog, the (new) root inside an imported item, or a root already
   * previewed (the holder renamed the repository it is for: the same candidate, judged again).
   */
  source: z.discriminatedUnion('from', [
    z.strictObject({ from: z.literal('dialog') }),
    z.strictObject({ from: z.literal('item'), itemId: ItemIdSchema }),
    z.strictObject({ from: z.literal('candidate'), candidateId: CandidateIdSchema }),
  ]),
  /** The repository the root is for (default: the one in use, else "default"); a new name is a new repository. */
  repository: RepositoryNameArgSchema.optional(),
});

export const TrustCandidateSchema = z.strictObject({
  candidateId: CandidateIdSchema,
  /** The repository it was judged against and would be pinned for. */
  repository: z.string().optional(),
  root: PinnedRootSchema.omit({ pinnedAt: true }),
  /** first-pin: nothing pinned yet (confirm the fingerprint out of band); verified: signed by the
   * pinned root's threshold chain; unverified: NOT provably from the pinned root (warning); same. */
  relation: z.enum(['first-pin', 'verified', 'unverified', 'same', 'older']),
  replaces: PinnedRootSchema.nullable(),
  warnings: z.array(z.string()),
  /** The whole root, as the CLI's `trust pin` lists it: keys with names and ids, thresholds, online key. */
  overview: RootOverviewSchema,
});

export const TrustPinRequestSchema = z.strictObject({
  candidateId: CandidateIdSchema,
  /** The user confirmed the fingerprint (first pin) / the change. */
  confirm: z.literal(true),
  /** Must be true when the candidate has warnings (re-pin without a verified chain). */
  acceptWarnings: z.boolean(),
});

// ---------------------------------------------------------------------------------------------
// Ceremonies (bootstrap and metadata update): inputs as data, validation messages, payload into workspace

const days = z.number().int().positive().max(36_500);
/** A public key from the key list (keys.list), with the name it will carry as x-rstuf-key-name. */
const KeyChoiceSchema = z.strictObject({ keyid: KeyIdSchema, name: plainText(128).optional() });
/** The online key: a key from the key list plus the worker's signer URI (fn:, awskms:, ...). */
const OnlineKeyChoiceSchema = z.strictObject({ keyid: KeyIdSchema, name: plainText(128).optional(), uri: plainText(2048) });

export const DelegatedRoleInputSchema = z.strictObject({
  name: plainText(128),
  paths: z.array(plainText(1024)).max(1024),
  terminating: z.boolean(),
  /** Offline keys from the key list; empty means the role is signed by the online key. */
  keys: z.array(KeyChoiceSchema).max(64),
  threshold: z.number().int().positive().max(64),
  expirePolicyDays: days,
  /** Hash bins nested below the role (x-rstuf-num-bins); the shared rule wants a power of two. */
  numBins: z.number().int().min(2).max(16_384).optional(),
  /** The online key that signs those bins (x-rstuf-role-online-key); absent: the repository's online key. */
  roleOnlineKey: OnlineKeyChoiceSchema.optional(),
});

/** Mirrors shared/ceremony BootstrapInput, with keys named by key id from the key list. */
export const BootstrapInputSchema = z.strictObject({
  ceremony: z.literal('bootstrap'),
  expirationDays: z.strictObject({ root: days, targets: days, snapshot: days, timestamp: days, bins: days }),
  /** Hash bins for the online targets delegation (RSTUF default), or custom delegated roles. */
  delegation: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('bins'), count: z.number().int().min(2).max(16_384) }),
    z.strictObject({ kind: z.literal('custom'), roles: z.array(DelegatedRoleInputSchema).min(1).max(256) }),
  ]),
  rootKeys: z.array(KeyChoiceSchema).max(64),
  rootThreshold: z.number().int().positive().max(64),
  onlineKey: OnlineKeyChoiceSchema,
});

/** Mirrors shared/ceremony RootChanges applied to a trusted root. */
export const UpdateInputSchema = z.strictObject({
  ceremony: z.literal('update'),
  /** The root being updated: the trust store's pinned root or the root in an imported item. */
  base: z.discriminatedUnion('from', [z.strictObject({ from: z.literal('pinned') }), z.strictObject({ from: z.literal('item'), itemId: ItemIdSchema })]),
  /** Days from now until the new root expires; absent keeps the trusted root's date. */
  rootExpirationDays: days.optional(),
  rootThreshold: z.number().int().positive().max(64).optional(),
  addKeys: z.array(KeyChoiceSchema).max(64),
  /** Key ids or names of root keys to remove. */
  removeKeys: z.array(plainText(128)).max(64),
  /** Replace the online key; absent keeps it. */
  onlineKey: OnlineKeyChoiceSchema.optional(),
});

export const CeremonyInputSchema = z.discriminatedUnion('ceremony', [BootstrapInputSchema, UpdateInputSchema]);

export const CeremonyValidationSchema = z.strictObject({
  /** No error-severity message. */
  valid: z.boolean(),
  /** One message per problem at the input it belongs to ("root.threshold", "online_key.uri"), named by rule. */
  messages: z.array(z.strictObject({ rule: z.string(), severity: z.enum(['error', 'warning']), field: z.string(), message: z.string() })),
  /** For update: what changes, one line each (empty for bootstrap). */
  changes: z.array(z.string()),
  /** The review's warnings for the root this would build (threshold lowered, root threshold 1, ...), danger first. */
  notices: z.array(ReviewNoticeSchema),
  /** What will be built: root version, expiry, keys and threshold, online key, bins (empty while errors remain). */
  summary: z.array(z.strictObject({ label: z.string(), value: z.string() })),
  /** For update: the same lines for the root it starts from (empty for bootstrap). */
  current: z.array(z.strictObject({ label: z.string(), value: z.string() })),
});

// ---------------------------------------------------------------------------------------------
// Audit log

export const AuditListRequestSchema = z.union([
  z.undefined(),
  z.strictObject({
    limit: z.number().int().positive().max(1000).optional(),
    /** Return entries with seq lower than this (paging back in time). */
    beforeSeq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  }),
]);

export const AuditListSchema = z.strictObject({
  entries: z.array(AuditEntrySchema),
  total: z.number().int().nonnegative(),
  /** Result of re-checking the whole hash chain. */
  chain: z.strictObject({ valid: z.boolean(), brokenAtSeq: z.number().int().nullable(), message: z.string() }),
});

export const AuditExportSchema = z.strictObject({ fileName: z.string(), entries: z.number().int().nonnegative() });

/** A proof of possession imported for the item's pending root, in the review's words ("proved by signing on DATE ..."). */
export const ProofImportResultSchema = z.strictObject({
  fileName: z.string(),
  keyid: z.string().max(200),
  keyName: z.string(),
  words: z.string(),
  /** False when the same proof was already kept. */
  added: z.boolean(),
  review: ReviewModelSchema,
});
export const RecordSaveRequestSchema = z.strictObject({ itemId: ItemIdSchema, pdf: z.boolean() });
export const RecordSaveResultSchema = z.strictObject({ htmlFileName: z.string(), pdfFileName: z.string().nullable(), sha256: Sha256Schema });

// ---------------------------------------------------------------------------------------------
// Browser-shell chooser: main-side file browser, drawn by the renderer (Electron never uses it)

export const ChooserEntrySchema = z.strictObject({
  entryId: ChooserEntryIdSchema,
  name: z.string(),
  kind: z.enum(['file', 'folder', 'parent']),
});

export const ChooserViewSchema = z.strictObject({
  chooserId: ChooserIdSchema,
  mode: z.enum(['open-file', 'open-folder', 'save-file', 'choose-folder']),
  title: z.string(),
  /** The folder shown, relative to the chooser's root (display only). */
  location: z.string(),
  entries: z.array(ChooserEntrySchema),
  /** For save-file: the name main proposes. */
  suggestedName: z.string().nullable(),
});

export const ChooserNavigateRequestSchema = z.strictObject({ chooserId: ChooserIdSchema, entryId: ChooserEntryIdSchema });
export const ChooserChooseRequestSchema = z.strictObject({
  chooserId: ChooserIdSchema,
  /** open-file/open-folder: the entry picked; choose-folder/save-file: omit to use the current folder. */
  entryId: ChooserEntryIdSchema.optional(),
  /** save-file: the file name (no slashes). */
  fileName: FileNameSchema.optional(),
});
export const ChooserCancelRequestSchema = z.strictObject({ chooserId: ChooserIdSchema });

// ---------------------------------------------------------------------------------------------
// Events (main -> renderer, payload only)

export const ProgressEventSchema = z.strictObject({
  /** The operationId of the request that caused it, when it had one. */
  operationId: OperationIdSchema.nullable(),
  task: z.enum(['import', 'hash', 'sign', 'token', 'export', 'keygen']),
  /** touch: the token waits for a touch ("touch your key"). */
  phase: z.enum(['start', 'progress', 'touch', 'done']),
  message: z.string(),
  completed: z.number().nonnegative().nullable(),
  total: z.number().nonnegative().nullable(),
});

export const DevicesEventSchema = z.strictObject({
  change: z.enum(['attached', 'detached']),
  /** "YubiKey 5 NFC": re-list tokens to see what is usable. */
  description: z.string(),
});

export const ChooserEventSchema = ChooserViewSchema;

export const EmptySchema = z.strictObject({});

// ---------------------------------------------------------------------------------------------
// Types

export type AppInfo = z.infer<typeof AppInfoSchema>;
export type WorkspaceItem = z.infer<typeof WorkspaceItemSchema>;
export type ImportWithDialogRequest = z.infer<typeof ImportWithDialogRequestSchema>;
export type DroppedFile = z.infer<typeof DroppedFileSchema>;
export type ImportDroppedRequest = z.infer<typeof ImportDroppedRequestSchema>;
export type ItemRequest = z.infer<typeof ItemRequestSchema>;
export type ThresholdReview = z.infer<typeof ThresholdReviewSchema>;
export type ReviewNotice = z.infer<typeof ReviewNoticeSchema>;
export type ReviewChange = z.infer<typeof ReviewChangeSchema>;
export type RoleReview = z.infer<typeof RoleReviewSchema>;
export type ReviewModel = z.infer<typeof ReviewModelSchema>;
export type CanonicalRequest = z.infer<typeof CanonicalRequestSchema>;
export type CanonicalPage = z.infer<typeof CanonicalPageSchema>;
export type ArtifactListRequest = z.infer<typeof ArtifactListRequestSchema>;
export type ArtifactList = z.infer<typeof ArtifactListSchema>;
export type PublicKeyInfo = z.infer<typeof PublicKeyInfoSchema>;
export type KeyFileChoice = z.infer<typeof KeyFileChoiceSchema>;
export type GenerateKeyRequest = z.infer<typeof GenerateKeyRequestSchema>;
export type GeneratedKey = z.infer<typeof GeneratedKeySchema>;
export type ImportedKeys = z.infer<typeof ImportedKeysSchema>;
export type ExportPublicKeyRequest = z.infer<typeof ExportPublicKeyRequestSchema>;
export type ExportedFile = z.infer<typeof ExportedFileSchema>;
export type ReviewedRole = z.infer<typeof ReviewedRoleSchema>;
export type SignWithKeyFileRequest = z.infer<typeof SignWithKeyFileRequestSchema>;
export type SignWithTokenRequest = z.infer<typeof SignWithTokenRequestSchema>;
// ---------------------------------------------------------------------------------------------
// Animated QR codes (issue 15): frames main makes for the renderer to draw, frames the renderer's
// camera reads for main to join and import like a file.

export const ScanIdSchema = z.string().regex(/^scan-[0-9a-f]{32}$/, 'not a QR scan id');
export const QrTextSchema = z.string().min(1).max(MAX_QR_TEXT);

export const QrExportRequestSchema = z.strictObject({
  itemId: ItemIdSchema,
  /** One of QrFrames.choices (default: the first). */
  fileName: FileNameSchema.optional(),
});

/** One frame: its BBQr text and its QR symbol, size*size modules row by row ("1" dark). */
export const QrFrameSchema = z
  .strictObject({ text: QrTextSchema, size: z.number().int().min(21).max(177), modules: z.string().regex(/^[01]+$/) })
  .refine((f) => f.modules.length === f.size * f.size, { message: 'modules must hold size*size entries' });

export const QrFramesSchema = z.strictObject({
  itemId: ItemIdSchema,
  fileName: FileNameSchema,
  kindLabel: z.string().max(128),
  bytes: z.number().int().positive().max(MAX_QR_PAYLOAD_BYTES),
  sha256: Sha256Schema,
  /** Every file of the item that can be shown (one animation each: a signature, or the signed payload). */
  choices: z.array(FileNameSchema).min(1).max(256),
  version: z.number().int().min(1).max(40),
  frames: z.array(QrFrameSchema).min(1).max(MAX_QR_FRAMES),
});

export const QrScanStartSchema = z.strictObject({ scanId: ScanIdSchema });
export const QrScanFrameRequestSchema = z.strictObject({ scanId: ScanIdSchema, text: QrTextSchema, operationId: OperationIdSchema.optional() });
export const QrScanStopRequestSchema = z.strictObject({ scanId: ScanIdSchema });

export const QrScanProgressSchema = z.strictObject({
  /** Frames read so far, repeats included. */
  framesRead: z.number().int().nonnegative(),
  /** Parts of the payload (null before its first frame). */
  total: z.number().int().positive().max(MAX_QR_FRAMES).nullable(),
  received: z.number().int().nonnegative(),
  /** 1-based numbers of the parts still missing. */
  missing: z.array(z.number().int().positive()).max(MAX_QR_FRAMES),
  complete: z.boolean(),
  /** Why this frame was not taken (another QR code in view, ...), or null. */
  refused: z.string().max(1024).nullable(),
  /** Set once every part is read and the payload was imported (the same checks as a file). */
  item: WorkspaceItemSchema.nullable(),
});

export type KeySource = z.infer<typeof KeySourceSchema>;
export type QrFrames = z.infer<typeof QrFramesSchema>;
export type QrScanProgress = z.infer<typeof QrScanProgressSchema>;
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type SignResult = z.infer<typeof SignResultSchema>;
export type TokenKey = z.infer<typeof TokenKeySchema>;
export type TokenInfo = z.infer<typeof TokenInfoSchema>;
export type TokenList = z.infer<typeof TokenListSchema>;
export type ExportRequest = z.infer<typeof ExportRequestSchema>;
export type ExportResult = z.infer<typeof ExportResultSchema>;
export type PinnedRoot = z.infer<typeof PinnedRootSchema>;
export type TrustState = z.infer<typeof TrustStateSchema>;
export type PinnedRepository = z.infer<typeof PinnedRepositorySchema>;
export type TrustChooseRequest = z.infer<typeof TrustChooseRequestSchema>;
export type TrustPreviewRequest = z.infer<typeof TrustPreviewRequestSchema>;
export type TrustCandidate = z.infer<typeof TrustCandidateSchema>;
export type TrustPinRequest = z.infer<typeof TrustPinRequestSchema>;
export type BootstrapInput = z.infer<typeof BootstrapInputSchema>;
export type UpdateInput = z.infer<typeof UpdateInputSchema>;
export type DelegatedRoleInput = z.infer<typeof DelegatedRoleInputSchema>;
export type CeremonyInput = z.infer<typeof CeremonyInputSchema>;
export type CeremonyValidation = z.infer<typeof CeremonyValidationSchema>;
export type AuditListRequest = z.infer<typeof AuditListRequestSchema>;
export type AuditList = z.infer<typeof AuditListSchema>;
export type AuditExport = z.infer<typeof AuditExportSchema>;
export type ProofImportResult = z.infer<typeof ProofImportResultSchema>;
export type RecordSaveResult = z.infer<typeof RecordSaveResultSchema>;
export type ChooserEntry = z.infer<typeof ChooserEntrySchema>;
export type ChooserView = z.infer<typeof ChooserViewSchema>;
export type ChooserNavigateRequest = z.infer<typeof ChooserNavigateRequestSchema>;
export type ChooserChooseRequest = z.infer<typeof ChooserChooseRequestSchema>;
export type ChooserCancelRequest = z.infer<typeof ChooserCancelRequestSchema>;
export type ProgressEvent = z.infer<typeof ProgressEventSchema>;
export type DevicesEvent = z.infer<typeof DevicesEventSchema>;
export type ChooserEvent = z.infer<typeof ChooserEventSchema>;
export type Empty = z.infer<typeof EmptySchema>;
