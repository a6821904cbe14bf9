// The review model: what a key holder is asked to sign, compared with what they already trust.
// Pure and serializable (plain objects, strings and numbers): main builds it, the CLI prints it,
// and the renderer receives it over IPC. Signature checks need node:crypto, so main computes them
// and passes them in as `SignatureSummary`; this model only puts them into words.

import type { KeyIdentity, TufDelegations, TufMetadata } from '../tuf/types.js';
import type { ArtifactIndex } from './artifacts.js';

// ---------------------------------------------------------------- input

/** A key as the review names it: key id plus display name. */
export interface KeyRef {
  keyid: string;
  name: string;
}

/** 'elsewhere': a Sigstore signature, made and checked online (RSTUF verifies it), never on this laptop. */
export type SignatureState = 'valid' | 'invalid' | 'unauthorized' | 'unverifiable' | 'duplicate' | 'elsewhere';

/** One threshold a role must meet (two for a root rotation: the trusted root's and the new root's). */
export interface ThresholdSummary {
  /** "trusted root v1", "new root v2", "delegation \"production\" in targets v3". */
  label: string;
  required: number;
  valid: KeyRef[];
  invalid: KeyRef[];
  /** Authorized keys without a valid signature yet. */
  missing: KeyRef[];
  /** Authorized Sigstore keys: they sign elsewhere (online, not from this laptop) and are not counted here. */
  elsewhere?: KeyRef[];
  met: boolean;
  /** The delegation lists no key ids: RSTUF's online key signs the role, never an offline key. */
  onlineKeySigns?: boolean;
}

/** Signature status computed in main (main/core/review maps the engine's RoleStatus to this). */
export interface SignatureSummary {
  thresholds: ThresholdSummary[];
  signatures: { keyid: string; name: string; state: SignatureState; reason?: string }[];
  met: boolean;
  /** What is needed to judge the signatures but is not available ("trusted root v1"). */
  missingAuthorizer?: string;
  /** Why the trusted root given cannot judge this role (a version jump): nothing may sign it. */
  chainBroken?: string;
  /** Key ids of an authorizer (trusted root, delegation) that name one public key. */
  keysListedTwice?: { label: string; first: KeyRef; second: KeyRef }[];
  /** Signatures RSTUF would refuse the whole payload for (bootstrap and update payloads). */
  refused?: { keyid: string; name: string; state: SignatureState; reason?: string }[];
  /** sha256 (hex) of the canonical JSON of `signed`: the bytes a signature covers. */
  signedSha256: string;
}

/** A key id that is not securesystemslib's default hash of its key (computed in main). */
export interface KeyIdIssue {
  keyid: string;
  variant: 'legacy' | 'rstuf-sigstore' | 'mismatch';
  /**
   * Set when the key is not new: the trusted version lists this very key under this key id
   * ('trusted'), or the repository's allow-list of legacy key ids names it ('allowed'). A mismatch
   * of a new key is a danger; of a known one, a warning.
   */
  known?: 'trusted' | 'allowed';
}

export interface ReviewRoleInput {
  /** Role name as RSTUF uses it: "root", "targets" or a delegated role name. */
  name: string;
  metadata: TufMetadata;
  /** The version the holder already trusts (trusted root, trusted targets, previous delegated role). */
  trusted?: TufMetadata;
  signatures: SignatureSummary;
  /** Key id issues of every key the pending metadata lists (root keys, delegation keys). */
  keyIdIssues?: KeyIdIssue[];
  /** An artifact index already built for this role (artifactIndexFor), so it is built only once. */
  artifactIndex?: ArtifactIndex;
  /** A TUF library would re-serialize this role differently from the bytes received. */
  reserializationDiffers?: boolean;
  /** For a bootstrap payload: what its settings delegate to (custom delegations or hash bins), not signed but created with it. */
  ceremonyDelegations?: { bins?: number; delegations?: TufDelegations };
  /** Proof of possession of each new root key (main/core/ceremony/proof.ts); absent: not asked. */
  keyProofs?: KeyProofStatus[];
  /** Keys this laptop proved for this repository and root version that this root does not list. */
  provedKeysMissing?: KeyProofStatus[];
}

/** A new key's proof of possession: proved (signed on a day, with what) or not (no `signedOn`). */
export interface KeyProofStatus {
  keyid: string;
  name: string;
  /** YYYY-MM-DD the holder signed the challenge; absent when the key is not proved. */
  signedOn?: string;
  signedAt?: string;
  /** "key file alice.pem", "YubiKey PIV #18158855 slot 9c". */
  signedWith?: string;
  repository?: string;
}

export type { KeyIdentity } from '../tuf/types.js';

export interface TrustSummary {
  /**
   * chained: the trusted root chains to a root pinned in the trust store.
   * unanchored: no trust store pin; the trusted root in the file is taken on its word.
   */
  state: 'chained' | 'unanchored';
  message: string;
  repository?: string;
  pinnedVersion?: number;
  /** Highest root version the trust store has verified. */
  latestVersion?: number;
}

export interface ReviewInput {
  kind: string;
  source?: string;
  roles: ReviewRoleInput[];
  trust: TrustSummary;
  /** Milliseconds since the epoch; injectable so expiry warnings are testable. */
  now: number;
  /** Most artifact changes listed in `changes` per role; the rest are reached by paging. Default 100. */
  artifactChangeLimit?: number;
  keyIdentity: KeyIdentity;
}

// ---------------------------------------------------------------- output

export type ChangeType =
  | 'key-added'
  | 'key-removed'
  | 'key-changed'
  | 'threshold-changed'
  | 'role-keys-changed'
  | 'online-key-changed'
  | 'expiry-changed'
  | 'version-changed'
  | 'spec-version-changed'
  | 'consistent-snapshot-changed'
  | 'unknown-field-changed'
  | 'delegation-added'
  | 'delegation-removed'
  | 'delegation-changed'
  | 'artifact-added'
  | 'artifact-removed'
  | 'artifact-modified';

export interface KeyDetails extends KeyRef {
  keytype: string;
  scheme: string;
  onlineKeyUri?: string;
  /** A Sigstore key (keytype "sigstore-oidc"): who signs, at which OIDC issuer; it signs elsewhere, never here. */
  signsElsewhere?: { identity: string; issuer: string };
}

interface ChangeBase {
  type: ChangeType;
  /** One sentence for people. */
  message: string;
}

/** Keys in root `keys` (scope root) or in targets `delegations.keys` (scope delegations). */
export interface KeyAddedChange extends ChangeBase {
  type: 'key-added' | 'key-removed';
  scope: 'root' | 'delegations';
  key: KeyDetails;
}
export interface KeyChangedChange extends ChangeBase {
  type: 'key-changed';
  scope: 'root' | 'delegations';
  keyid: string;
  from: KeyDetails;
  to: KeyDetails;
  /** Which parts differ: "keyval", "keytype", "scheme", "name", "online-key-uri", or another field name. */
  fields: string[];
}
export interface ThresholdChange extends ChangeBase {
  type: 'threshold-changed';
  /** Top-level role name in root, or delegated role name in targets. */
  role: string;
  from: number;
  to: number;
}
export interface RoleKeysChange extends ChangeBase {
  type: 'role-keys-changed';
  role: string;
  added: KeyRef[];
  removed: KeyRef[];
}
export interface OnlineKeyChange extends ChangeBase {
  type: 'online-key-changed';
  from?: KeyDetails;
  to?: KeyDetails;
}
export interface ExpiryChange extends ChangeBase {
  type: 'expiry-changed';
  from: string;
  to: string;
  fromInDays: number;
  toInDays: number;
}
export interface ValueChange<T> extends ChangeBase {
  from: T | undefined;
  to: T | undefined;
}
export interface VersionChange extends ValueChange<number> {
  type: 'version-changed';
}
export interface SpecVersionChange extends ValueChange<string> {
  type: 'spec-version-changed';
}
export interface ConsistentSnapshotChange extends ValueChange<boolean> {
  type: 'consistent-snapshot-changed';
}
export interface UnknownFieldChange extends ValueChange<unknown> {
  type: 'unknown-field-changed';
  /** Dotted path inside `signed`, e.g. "x-custom" or "roles.root.x-custom". */
  path: string;
}
export interface DelegationSummary {
  name: string;
  /** Empty: the role lists no key ids, which RSTUF reads as "the online key signs this". */
  keys: KeyRef[];
  threshold: number;
  terminating: boolean;
  paths?: string[];
  pathHashPrefixes?: string[];
  expirePolicy?: number;
  /** x-rstuf-num-bins: hash bins nested below this role, made and signed online by RSTUF. */
  numBins?: number;
  /** x-rstuf-role-online-key: the key (in delegations.keys) that signs those bins, not the role itself. */
  roleOnlineKey?: KeyDetails;
}
export interface DelegationAddedChange extends ChangeBase {
  type: 'delegation-added' | 'delegation-removed';
  delegation: DelegationSummary;
}
export interface DelegationChangedChange extends ChangeBase {
  type: 'delegation-changed';
  name: string;
  from: DelegationSummary;
  to: DelegationSummary;
  /** "keys", "threshold", "paths", "path_hash_prefixes", "terminating", "x-rstuf-expire-policy", or another field name. */
  fields: string[];
}
export interface ArtifactSummary {
  path: string;
  length: number;
  hashes: Record<string, string>;
}
export interface ArtifactChange extends ChangeBase {
  type: 'artifact-added' | 'artifact-removed' | 'artifact-modified';
  path: string;
  from?: ArtifactSummary;
  to?: ArtifactSummary;
}

export type Change =
  | KeyAddedChange
  | KeyChangedChange
  | ThresholdChange
  | RoleKeysChange
  | OnlineKeyChange
  | ExpiryChange
  | VersionChange
  | SpecVersionChange
  | ConsistentSnapshotChange
  | UnknownFieldChange
  | DelegationAddedChange
  | DelegationChangedChange
  | ArtifactChange;

export type WarningCode =
  | 'threshold-lowered'
  | 'root-threshold-one'
  | 'threshold-exceeds-keys'
  | 'all-root-keys-replaced'
  | 'online-key-is-root-key'
  | 'expiry-past'
  | 'expiry-soon'
  | 'expiry-far'
  | 'version-not-next'
  | 'signature-invalid'
  | 'signature-unauthorized'
  | 'keyid-mismatch'
  | 'duplicate-keys'
  | 'already-fully-signed'
  | 'trusted-version-missing'
  | 'trust-not-anchored'
  | 'rstuf-drops-unknown-fields'
  | 'delegated-role-name'
  | 'trust-chain-broken'
  | 'signature-refused'
  | 'signature-duplicate'
  | 'keyid-variant'
  | 'keyid-mismatch-trusted'
  | 'extra-fields'
  | 'signs-elsewhere'
  | 'delegation-signing'
  | 'role-online-key-invalid'
  | 'extra-field-name'
  | 'key-proved'
  | 'key-not-proved'
  | 'proved-key-missing'
  | 'reserialization-differs'
  | 'hidden-characters';

/**
 * danger: the holder must not sign without reading it (mandatory); warning: should read it
 * (recommended); info: worth knowing.
 */
export type WarningLevel = 'danger' | 'warning' | 'info';

export interface ReviewWarning {
  code: WarningCode;
  level: WarningLevel;
  message: string;
}

export type ArtifactStatus = 'added' | 'removed' | 'modified' | 'unchanged';

export interface ArtifactCounts {
  added: number;
  removed: number;
  modified: number;
  unchanged: number;
}

/** Counts per top path segment ("production/app.tar.gz" -> "production/"; top-level files -> "(top level)"). */
export interface ArtifactGroup extends ArtifactCounts {
  group: string;
}

export interface ArtifactOverview {
  /** Artifacts in the pending version. */
  total: number;
  counts: ArtifactCounts;
  groups: ArtifactGroup[];
  /** Artifact changes that did not fit in `changes` (see artifactPage). */
  changesNotListed: number;
  /** False when there is no trusted version to compare with: every artifact then counts as added. */
  compared: boolean;
}

export interface RootOverview {
  keys: (KeyDetails & { roles: string[] })[];
  /** Free-form x-<vendor>-<name> fields of root, kept and signed as they are (value as canonical JSON). */
  extraFields?: { field: string; value: string }[];
  roles: { role: string; threshold: number; keys: KeyRef[] }[];
  onlineKey?: KeyDetails;
  consistentSnapshot?: boolean;
  specVersion: string;
}

export interface SignatureStatusReview {
  valid: string[];
  invalid: string[];
  missing: string[];
  /** One sentence per threshold, e.g. "new root v2: 2 of 3 required signatures (JanisJoplin, JimiHendrix); missing one of: JoeCocker". */
  lines: string[];
  thresholds: ThresholdSummary[];
}

export interface RoleReview {
  role: string;
  type: string;
  version: number;
  expires: string;
  expiresInDays: number;
  trustedVersion?: number;
  /** sha256 of the canonical JSON being signed; the JSON itself via canonicalSignedJson(). */
  signedSha256: string;
  signatures: SignatureStatusReview;
  threshold: { required: number; met: boolean };
  changes: Change[];
  warnings: ReviewWarning[];
  root?: RootOverview;
  artifacts?: ArtifactOverview;
}

export interface Review {
  kind: string;
  source?: string;
  trust: TrustSummary;
  roles: RoleReview[];
}
