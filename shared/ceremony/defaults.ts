// RSTUF's ceremony defaults and limits, as its CLI and API define them (rstuf-formats.md 2 and 1.7).
// Pure data: the desktop wizard pre-fills its fields from these, the config loader fills gaps.

export const EXPIRY_ROLES = ['root', 'targets', 'snapshot', 'timestamp', 'bins'] as const;
export type ExpiryRole = (typeof EXPIRY_ROLES)[number];
export type Expiration = Record<ExpiryRole, number>;

/** Days until expiry, `DEFAULT_EXPIRY` in the RSTUF CLI (helpers.py:87-94). */
export const DEFAULT_EXPIRATION: Readonly<Expiration> = Object.freeze({ root: 365, targets: 365, snapshot: 1, timestamp: 1, bins: 1 });

/** Longest expiry we accept: RSTUF has no limit, but the date must still be a 4-digit year. */
export const MAX_EXPIRATION_DAYS = 36_500;

/** Hash bins: the API accepts 2..16384; the CLI offers only powers of two (the worker uses log2). */
export const MIN_BINS = 2;
export const MAX_BINS = 16_384;
export const DEFAULT_BINS = 256;
export const BIN_CHOICES: readonly number[] = Object.freeze(Array.from({ length: 14 }, (_, i) => 2 ** (i + 1)));

/** Expiry (days) of a custom delegated role when none is given: the RSTUF CLI's default. */
export const DEFAULT_EXPIRE_POLICY = 1;

/** The API's bootstrap timeout, seconds (`BootstrapPayload.timeout`). */
export const DEFAULT_BOOTSTRAP_TIMEOUT = 300;

/** python-tuf's SPECIFICATION_VERSION as RSTUF's payloads carry it. */
export const SPEC_VERSION = '1.0.31';

/** The API's delegated role name pattern (bootstrap.py l.31). */
export const ROLE_NAME_PATTERN = /^[a-zA-Z0-9_-]+$/;

/** Online key signer URI schemes the RSTUF worker can load (signer.py:103-135). */
export const ONLINE_KEY_URI_SCHEMES = ['fn:', 'awskms:', 'gcpkms:', 'azurekms:', 'hv:'] as const;

/** Top-level role names a delegated role must not take. */
export const RESERVED_ROLE_NAMES: readonly string[] = Object.freeze(['root', 'targets', 'snapshot', 'timestamp']);

/** Fields RSTUF's update endpoint keeps on a root key object (TUFKeys, rstuf-formats.md 1.3). */
export const UPDATE_KEY_FIELDS: readonly string[] = Object.freeze(['keytype', 'scheme', 'keyval', 'name', 'x-rstuf-key-name', 'x-rstuf-online-key-uri']);
/** The keys TUFKeys.keyval may hold. */
export const UPDATE_KEYVAL_FIELDS: readonly string[] = Object.freeze(['public', 'issuer', 'identity']);
/** Fields RSTUF's update endpoint keeps on a role object (TUFSignedRoles). */
export const UPDATE_ROLE_FIELDS: readonly string[] = Object.freeze(['keyids', 'threshold']);

/** Fields of root `signed` python-tuf knows; anything else must look like x-<vendor>-<name>. */
export const STANDARD_ROOT_FIELDS: readonly string[] = Object.freeze(['_type', 'spec_version', 'version', 'expires', 'keys', 'roles', 'consistent_snapshot']);
