// Each wizard step checked before Next, by the same rules main applies (shared/ceremony/rules.ts),
// so a holder sees the rule under the field instead of a refused IPC call. Main checks everything
// again, with the keys' real identities, at the check step.
import { checkBins, checkDelegatedRoles, checkExpiration, checkExpirationDays, checkKeySet, checkOnlineKey, checkThreshold, errorsOf, RULES } from '../../../shared/ceremony/rules.js';
import type { NamedKey, RuleProblem } from '../../../shared/ceremony/types.js';
import type { CeremonyValidation, PinnedRoot } from '../../../shared/ipc/schemas.js';
import type { KeyIdentity } from '../../../shared/tuf/types.js';
import { toDelegatedRoles, type BootstrapForm, type CeremonyMode, type KeyPick, type UpdateForm } from './ceremony.js';

export type FieldMessage = CeremonyValidation['messages'][number];

export interface StepContext {
  pinned: PinnedRoot | null;
}

// The app's key list names each key by its key id, without the key itself; here the id stands for
// the key, and the rules about the key material (is the id the key's hash, is one key listed twice)
// are left to main, which checks them with the public keys at the check step.
const asNamed = (k: { keyid: string; name: string }): NamedKey => ({ keyid: k.keyid, name: k.name, key: { keytype: '', scheme: '', keyval: { public: k.keyid } } });
const byKeyId: KeyIdentity = (key) => String(key.keyval.public);
const MAIN_ONLY_RULES: ReadonlySet<string> = new Set([RULES.keyIdMatchesKey, RULES.noDuplicateKeys]);

/** "fn:0d9d3d4b" (the short key id the screens show) stands for "fn:<the whole key id>". */
export function expandOnlineKeyUri(uri: string, keyid: string): string {
  const trimmed = uri.trim();
  const m = /^fn:([0-9a-f]{8,63})$/.exec(trimmed);
  return m && keyid.startsWith(m[1]!) ? `fn:${keyid}` : trimmed;
}

/** A typed whole number, or the text itself so the rule's message quotes what was typed. */
const typedNumber = (text: string): unknown => (/^\s*\d+\s*$/.test(text) ? Number(text) : text);

function onlineKeyProblems(keyid: string, name: string, uri: string, rootKeys: KeyPick[]): RuleProblem[] {
  if (!keyid) return [{ rule: 'keys-required', severity: 'error', where: 'online_key', message: 'choose the online key (import its public key on the Keys screen or in step 1 first)' }];
  return checkOnlineKey({ ...asNamed({ keyid, name }), uri: expandOnlineKeyUri(uri, keyid) }, rootKeys.map(asNamed), byKeyId);
}

function bootstrapStep(step: number, f: BootstrapForm): RuleProblem[] {
  if (step === 0) return [...checkKeySet(f.rootKeys.map(asNamed), 'root.keys', byKeyId), ...checkThreshold(f.rootThreshold, f.rootKeys.length, 'root.threshold')];
  if (step === 1) return onlineKeyProblems(f.onlineKeyId, f.onlineKeyName, f.onlineKeyUri, f.rootKeys);
  if (step === 2) {
    if (f.delegationKind === 'bins') return [...checkExpiration(f.expirationDays), ...checkBins(f.bins)];
    // Custom roles: validateBootstrap's own checks, bins' expiry left out as it does; the roles as
    // main receives them, each key standing for itself by its id.
    const roles = toDelegatedRoles(f.roles).map(({ expirePolicyDays, keys, roleOnlineKey, ...r }) => ({
      ...r,
      expirePolicy: expirePolicyDays,
      keys: keys.map((k) => asNamed({ keyid: k.keyid, name: k.name ?? '' })),
      ...(roleOnlineKey ? { roleOnlineKey: { ...asNamed({ keyid: roleOnlineKey.keyid, name: roleOnlineKey.name ?? '' }), uri: roleOnlineKey.uri } } : {}),
    }));
    return [...checkExpiration({ ...f.expirationDays, bins: undefined }), ...checkDelegatedRoles(roles, byKeyId)];
  }
  return [];
}

function updateStep(step: number, f: UpdateForm, ctx: StepContext): RuleProblem[] {
  if (step === 0) {
    return f.base === 'pinned' && !ctx.pinned
      ? [{ rule: 'base-root', severity: 'error', where: 'base', message: 'no root is pinned in the trust store: pin the current root on Home first, or choose an imported item that holds a root' }]
      : [];
  }
  if (step !== 1) return [];
  const out: RuleProblem[] = [];
  if (f.rootExpirationDays.trim()) out.push(...checkExpirationDays(typedNumber(f.rootExpirationDays), 'expiration.root'));
  if (f.rootThreshold.trim()) {
    const keys = f.base === 'pinned' && ctx.pinned ? ctx.pinned.keys.length + f.addKeys.length - f.removeKeys.length : Number.POSITIVE_INFINITY;
    out.push(...checkThreshold(typedNumber(f.rootThreshold), keys, 'root.threshold'));
  }
  if (f.addKeys.length > 0) out.push(...checkKeySet(f.addKeys.map(asNamed), 'root.keys', byKeyId));
  if (f.onlineKeyId) out.push(...onlineKeyProblems(f.onlineKeyId, f.onlineKeyName, f.onlineKeyUri, []));
  return out;
}

/** The problems of one step's answers, errors and warnings, at the field they belong to. */
export function stepMessages(mode: CeremonyMode, step: number, bootstrap: BootstrapForm, update: UpdateForm, ctx: StepContext): FieldMessage[] {
  const problems = (mode === 'bootstrap' ? bootstrapStep(step, bootstrap) : updateStep(step, update, ctx)).filter((p) => !MAIN_ONLY_RULES.has(p.rule));
  return problems.map((p) => ({ rule: p.rule, severity: p.severity, field: p.where, message: p.message }));
}

export const stepIsValid = (mode: CeremonyMode, step: number, bootstrap: BootstrapForm, update: UpdateForm, ctx: StepContext): boolean =>
  errorsOf(stepMessages(mode, step, bootstrap, update, ctx).map((m) => ({ rule: m.rule, severity: m.severity, where: m.field, message: m.message }))).length === 0;

/** Which step asks for a field main named ("online_key.uri" is step 2 of the bootstrap). */
export function stepOfField(mode: CeremonyMode, field: string): number {
  if (mode === 'update') return field === 'base' ? 0 : 1;
  if (/^(root|rootKeys)\b/.test(field)) return 0;
  if (/^(online_key|onlineKey)\b/.test(field)) return 1;
  return 2;
}
