// Plain-words summaries of built payloads for the terminal (and the wizard's review text).

import { formatProblem } from '../../../shared/ceremony/rules.js';
import type { BootstrapInput, DelegatedRoleInput, RuleProblem } from '../../../shared/ceremony/types.js';
import type { RoleStatus } from '../tuf/authorization.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function describeDelegatedRole(role: DelegatedRoleInput): string {
  const signers = role.keys.length === 0 ? 'the online key' : `${role.threshold} of ${role.keys.map((k) => `"${k.name}"`).join(', ')}`;
  return `"${role.name}": ${role.paths.join(', ')}, signed by ${signers}, ${role.terminating ? 'terminating' : 'not terminating'}, expires every ${plural(role.expirePolicy, 'day')}`;
}

export function describeBootstrap(input: BootstrapInput, expires: string): string[] {
  const lines = [
    `root v1 expires ${expires}; ${input.root.threshold} of ${plural(input.root.keys.length, 'root key')}: ${input.root.keys.map((k) => `"${k.name}" (${k.keyid.slice(0, 8)})`).join(', ')}`,
    `online key "${input.onlineKey.name}" (${input.onlineKey.keyid.slice(0, 8)}), ${input.onlineKey.uri}, signs timestamp, snapshot and targets`,
    `expiry in days: targets ${input.expiration.targets}, snapshot ${input.expiration.snapshot}, timestamp ${input.expiration.timestamp}`,
  ];
  if (input.delegation.kind === 'bins') lines.push(`hash bins: ${input.delegation.count}, expiring every ${plural(input.expiration.bins, 'day')}`);
  else for (const role of input.delegation.roles) lines.push(`delegated role ${describeDelegatedRole(role)}`);
  return lines;
}

/** "2 more root signatures needed: 1 more of trusted root v1, 2 more of new root v2". */
export function missingSignatures(status: RoleStatus): string {
  const short = status.thresholds.filter((t) => !t.met);
  if (short.length === 0) return 'fully signed';
  const parts = short.map((t) => `${t.required - Math.min(t.valid.length, t.required)} more for ${t.label} (threshold ${t.required})`);
  return `signatures still missing: ${parts.join('; ')}`;
}

export function warningLines(warnings: RuleProblem[]): string[] {
  return warnings.map((w) => `warning: ${formatProblem(w)}`);
}
