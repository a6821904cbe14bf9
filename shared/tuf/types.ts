// Shapes of TUF and RSTUF documents as plain JSON. The engine keeps metadata as these plain
// objects (not class instances) so unknown fields such as `x-rstuf-*` survive untouched and the
// canonical bytes are exactly those of the document that was imported.

import type { JsonObject } from '../json/strict-json.js';

export const TOP_LEVEL_ROLES = ['root', 'targets', 'snapshot', 'timestamp'] as const;
export type TopLevelRole = (typeof TOP_LEVEL_ROLES)[number];

export interface TufSignature {
  keyid: string;
  sig: string;
  [extra: string]: unknown;
}

export interface TufKey {
  keytype: string;
  scheme: string;
  keyval: { public: string; [extra: string]: unknown };
  'x-rstuf-key-name'?: string;
  'x-rstuf-online-key-uri'?: string;
  [extra: string]: unknown;
}

export interface TufRoleKeys {
  keyids: string[];
  threshold: number;
  [extra: string]: unknown;
}

export interface TufDelegatedRole extends TufRoleKeys {
  name: string;
  terminating: boolean;
  paths?: string[];
  path_hash_prefixes?: string[];
  'x-rstuf-expire-policy'?: number;
}

export interface TufDelegations {
  keys: Record<string, TufKey>;
  roles?: TufDelegatedRole[];
  succinct_roles?: JsonObject;
  [extra: string]: unknown;
}

export interface TufSignedBase {
  _type: string;
  spec_version: string;
  version: number;
  expires: string;
  [extra: string]: unknown;
}

export interface TufRootSigned extends TufSignedBase {
  _type: 'root';
  consistent_snapshot?: boolean;
  keys: Record<string, TufKey>;
  roles: Record<string, TufRoleKeys>;
}

export interface TufTargetFile {
  length: number;
  hashes: Record<string, string>;
  custom?: JsonObject;
  [extra: string]: unknown;
}

export interface TufTargetsSigned extends TufSignedBase {
  _type: 'targets';
  targets: Record<string, TufTargetFile>;
  delegations?: TufDelegations;
}

export interface TufMetadata<S extends TufSignedBase = TufSignedBase> {
  signed: S;
  signatures: TufSignature[];
  [extra: string]: unknown;
}

export type RootMetadata = TufMetadata<TufRootSigned>;
export type TargetsMetadata = TufMetadata<TufTargetsSigned>;

/** The RSTUF single-signature payload, `POST /api/v1/metadata/sign`. */
export interface RstufSignPayload {
  role: string;
  signature: TufSignature;
}

export const KEY_NAME_FIELD = 'x-rstuf-key-name';
export const ONLINE_KEY_URI_FIELD = 'x-rstuf-online-key-uri';
export const EXPIRE_POLICY_FIELD = 'x-rstuf-expire-policy';

/**
 * Key identity (main/core/tuf publicKeyIdentity): equal for one key however it is spelled or
 * under whatever key id. Shared code takes it as a parameter, since computing it needs node:crypto;
 * there is one definition.
 */
export type KeyIdentity = (key: TufKey) => string;
