// Root chain verification, as TUF clients do it: root N+1 must carry a threshold of valid
// signatures from root N's root keys AND from its own root keys, and versions go up by exactly one.
// A failure names the link ("root v1 -> root v2") and what is wrong with it.

import { createHash } from 'node:crypto';
import { SignerError } from '../../../shared/errors.js';
import { canonicalBytes } from '../../../shared/tuf/canonical.js';
import type { RootMetadata, TufRootSigned } from '../../../shared/tuf/types.js';
import { describeThreshold } from '../../../shared/review/words.js';
import type { TufMetadata } from '../../../shared/tuf/types.js';
import { statusAgainst, type Authorizer, type RoleStatus, type ThresholdStatus } from '../tuf/authorization.js';
import { toThresholdSummary } from '../review/signature-summary.js';

/** sha256 (hex) of the canonical JSON of root.signed: what the trust store pins and compares. */
export function rootFingerprint(root: RootMetadata): string {
  return createHash('sha256').update(canonicalBytes(root.signed)).digest('hex');
}

/** "1bc1 67f9 070f e3f4": the first 64 bits, grouped for reading aloud. */
export function shortFingerprint(sha256: string): string {
  return (sha256.slice(0, 16).match(/.{4}/g) ?? []).join(' ');
}

function rootAuthorizer(root: TufRootSigned, label: string): Authorizer {
  const role = root.roles?.root;
  if (!role) throw new SignerError('TRUST_CHAIN_BROKEN', `${label} has no root role`);
  return { label, keys: root.keys ?? {}, role };
}

/** One authorizer's threshold over `metadata`: the engine's one count (statusAgainst), for one authorizer. */
export function thresholdOf(metadata: TufMetadata, authorizer: Authorizer, canonical?: Uint8Array): { status: RoleStatus; threshold: ThresholdStatus } {
  const status = statusAgainst(String(metadata.signed._type), metadata, [authorizer], undefined, canonical);
  return { status, threshold: status.thresholds[0] as ThresholdStatus };
}

/** Checks that `root` is signed by a threshold of its own root keys (what a pin requires). */
export function verifySelfSigned(root: RootMetadata, what: string): RoleStatus {
  const { status, threshold: t } = thresholdOf(root, rootAuthorizer(root.signed, `root v${root.signed.version}`));
  if (!t.met) {
    throw new SignerError('TRUST_CHAIN_BROKEN', `${what} is not signed by a threshold of its own root keys: ${describeThreshold(toThresholdSummary(t, status))}`);
  }
  return status;
}

/** Verifies one link of the chain; throws TRUST_CHAIN_BROKEN naming the link. */
export function verifyRootLink(previous: RootMetadata, next: RootMetadata): void {
  const from = previous.signed.version;
  const to = next.signed.version;
  const link = `root v${from} -> root v${to}`;
  if (next.signed._type !== 'root') throw new SignerError('TRUST_CHAIN_BROKEN', `${link}: the next link is ${String(next.signed._type)} metadata, not root`);
  if (to <= from) {
    throw new SignerError('TRUST_CHAIN_BROKEN', `${link}: rollback: root v${to} is not newer than the trusted root v${from}; refusing to go back`);
  }
  if (to !== from + 1) {
    throw new SignerError('TRUST_CHAIN_BROKEN', `${link}: skipped version: root v${to} cannot follow root v${from} directly; root v${from + 1} is missing`);
  }
  const checks = [rootAuthorizer(previous.signed, `root v${from} (trusted)`), rootAuthorizer(next.signed, `root v${to} itself`)].map((a) => thresholdOf(next, a));
  const failed = checks.filter((c) => !c.threshold.met);
  if (failed.length > 0) {
    const why = failed.map((c) => describeThreshold(toThresholdSummary(c.threshold, c.status))).join('; and ');
    throw new SignerError('TRUST_CHAIN_BROKEN', `${link}: root v${to} is not signed by enough keys: ${why}`);
  }
}

/** Verifies `chain` (ascending, consecutive) from `anchor`; returns the last root. */
export function verifyRootChain(anchor: RootMetadata, chain: RootMetadata[]): RootMetadata {
  let current = anchor;
  for (const next of chain) {
    verifyRootLink(current, next);
    current = next;
  }
  return current;
}
