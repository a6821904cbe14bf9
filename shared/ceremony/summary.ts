// What a ceremony will build (or starts from), in a few labelled lines for the wizard's check step:
// the root's version, expiry, keys and threshold, the online key, and for a bootstrap the online
// roles' expiry and the hash bins. Read from the built root itself, so the lines and the payload agree.

import { onlineKeyOf } from '../review/diff.js';
import { describeDays, daysUntil, describeKey, keyRef, plural } from '../review/words.js';
import type { TufRootSigned } from '../tuf/types.js';
import type { BootstrapInput } from './types.js';

export interface SummaryLine {
  label: string;
  value: string;
}

/** `now` as expiresIn() counts it (whole seconds), so "365 days" built is "in 365 days" shown. */
const wholeSeconds = (now: Date): number => Math.floor(now.getTime() / 1000) * 1000;

export function rootSummary(root: TufRootSigned, now: Date): SummaryLine[] {
  const rootRole = root.roles?.root;
  const rootKeys = (rootRole?.keyids ?? []).map((id) => describeKey(keyRef(id, root.keys?.[id])));
  const online = onlineKeyOf(root);
  return [
    { label: 'Root version', value: String(root.version) },
    { label: 'Root expires', value: `${root.expires} (${describeDays(daysUntil(root.expires, wholeSeconds(now)))})` },
    { label: 'Root keys', value: `${rootRole?.threshold ?? '?'} of ${rootKeys.length} must sign: ${rootKeys.join(', ') || 'none'}` },
    ...(online ? [{ label: 'Online key', value: `${describeKey(online)}${online.onlineKeyUri ? ` at ${online.onlineKeyUri}` : ''}` }] : []),
  ];
}

/** The online roles RSTUF creates from a bootstrap payload's settings. */
export function bootstrapSettingsSummary(input: Pick<BootstrapInput, 'expiration' | 'delegation'>): SummaryLine[] {
  const e = input.expiration;
  return [
    { label: 'Online roles expire after', value: `targets ${plural(e.targets, 'day')}, snapshot ${plural(e.snapshot, 'day')}, timestamp ${plural(e.timestamp, 'day')}` },
    input.delegation.kind === 'bins'
      ? { label: 'Hash bins', value: `${input.delegation.count} bins roles signed by the online key, each expiring after ${plural(e.bins, 'day')}` }
      : { label: 'Delegated roles', value: input.delegation.roles.map((r) => `${r.name} (${r.keys.length ? `${r.threshold} of ${r.keys.length} keys` : 'online key'})`).join(', ') },
  ];
}
