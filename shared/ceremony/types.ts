// What a bootstrap ceremony, a root update and a delegations change are made of, independent of
// where the answers come from (the desktop wizard, or a config file read by the CLI). Keys arrive
// already read, with their key id computed (crypto lives in main/), so everything here is pure.

import type { TufKey } from '../tuf/types.js';
import type { Expiration } from './defaults.js';

/** A public key with the name it will carry as x-rstuf-key-name. */
export interface NamedKey {
  /** securesystemslib's default key id of `key`. */
  keyid: string;
  /** Only keytype, scheme and keyval: names and URIs are added by the builders. */
  key: TufKey;
  name: string;
  /** Where the key came from ("alice.pub", "YubiKey 5 #123 slot 9c"), for messages only. */
  source?: string;
}

/** The online key: its public key (typed in, the laptop is offline) and the worker's signer URI. */
export interface OnlineKey extends NamedKey {
  uri: string;
}

export interface DelegatedRoleInput {
  name: string;
  paths: string[];
  terminating: boolean;
  /** Offline keys; empty means the role is signed by the online key. */
  keys: NamedKey[];
  threshold: number;
  /** Days until the role's metadata expires (x-rstuf-expire-policy). */
  expirePolicy: number;
  /** x-rstuf-num-bins: hash bins nested below the role, made and signed online by RSTUF. */
  numBins?: number;
  /** x-rstuf-role-online-key: the online key that signs those bins (never the role itself). */
  roleOnlineKey?: OnlineKey;
}

export type DelegationScheme = { kind: 'bins'; count: number } | { kind: 'custom'; roles: DelegatedRoleInput[] };

export interface BootstrapInput {
  expiration: Expiration;
  delegation: DelegationScheme;
  root: { threshold: number; keys: NamedKey[] };
  onlineKey: OnlineKey;
}

/** Changes to a trusted root; every part optional. */
export interface RootChanges {
  /** Days from now until the new root expires; absent keeps the trusted root's date. */
  rootExpirationDays?: number;
  threshold?: number;
  add?: NamedKey[];
  /** Key ids or x-rstuf-key-name values of root keys to remove. */
  remove?: string[];
  onlineKey?: OnlineKey;
  /**
   * Remove from the new root the fields RSTUF's update endpoint would silently drop (so they are
   * not signed). Off by default: such a root is refused with an explanation instead.
   */
  dropUnsupportedFields?: boolean;
}

export interface DelegationsInput {
  roles: DelegatedRoleInput[];
}

export type Severity = 'error' | 'warning';

/** One broken (or doubtful) rule. `rule` is a stable name the message starts with. */
export interface RuleProblem {
  rule: string;
  severity: Severity;
  /** Which input: "root.threshold", "delegations[1].paths", "online_key.uri". */
  where: string;
  message: string;
}
