// Ceremony wizards (bootstrap and root update): the renderer sends the answers as data with keys
// named by key id from the app's key list; this maps them onto shared/ceremony (which holds every
// rule and builds the payload) and returns rule-named messages per field, or the payload.

import { publicKeyIdentity } from '../core/tuf/tuf-keys.js';
import { describeDelegatedRole } from '../core/ceremony/summary.js';
import { SignerError } from '../../shared/errors.js';
import { buildBootstrapPayload, buildUpdatePayload } from '../../shared/ceremony/build.js';
import { CeremonyRulesError, errorsOf, validateBootstrap } from '../../shared/ceremony/rules.js';
import { bootstrapSettingsSummary, rootSummary, type SummaryLine } from '../../shared/ceremony/summary.js';
import { byLevel, expiryWarnings, rootWarnings } from '../../shared/review/warnings.js';
import type { TufDelegatedRole, TufKey, TufRootSigned } from '../../shared/tuf/types.js';
import { delegationSummary, describeDelegationSigning } from '../../shared/review/diff.js';
import type { BootstrapInput, NamedKey, OnlineKey, RootChanges, RuleProblem } from '../../shared/ceremony/types.js';
import type { BootstrapInput as BootstrapRequest, CeremonyInput, CeremonyValidation, UpdateInput as UpdateRequest } from '../../shared/ipc/schemas.js';
import type { JsonObject } from '../../shared/json/strict-json.js';
import type { RootMetadata } from '../../shared/tuf/types.js';
import type { AppContext } from './context.js';

export interface CeremonyService {
  validate(input: CeremonyInput): CeremonyValidation;
  build(input: CeremonyInput): { payload: JsonObject; fileName: string; warnings: RuleProblem[] };
}

export function createCeremonyService(ctx: Pick<AppContext, 'keyring' | 'workspace' | 'now'> & { pinnedRoot(): RootMetadata | undefined }): CeremonyService {
  function named(choice: { keyid: string; name?: string | undefined }): NamedKey {
    const entry = ctx.keyring.get(choice.keyid);
    return {
      keyid: entry.keyid,
      key: { keytype: entry.key.keytype, scheme: entry.key.scheme, keyval: entry.key.keyval },
      name: choice.name ?? entry.name,
      ...(entry.fileName ? { source: entry.fileName } : {}),
    };
  }
  function online(choice: { keyid: string; name?: string | undefined; uri: string }): OnlineKey {
    return { ...named(choice), uri: choice.uri };
  }

  function bootstrapInput(req: BootstrapRequest): BootstrapInput {
    return {
      expiration: { ...req.expirationDays },
      delegation:
        req.delegation.kind === 'bins'
          ? { kind: 'bins', count: req.delegation.count }
          : {
              kind: 'custom',
              roles: req.delegation.roles.map((r) => ({
                name: r.name,
                paths: r.paths,
                terminating: r.terminating,
                keys: r.keys.map(named),
                threshold: r.threshold,
                expirePolicy: r.expirePolicyDays,
                ...(r.numBins !== undefined ? { numBins: r.numBins } : {}),
                ...(r.roleOnlineKey ? { roleOnlineKey: online(r.roleOnlineKey) } : {}),
              })),
            },
      root: { threshold: req.rootThreshold, keys: req.rootKeys.map(named) },
      onlineKey: online(req.onlineKey),
    };
  }

  function baseRoot(req: UpdateRequest): RootMetadata {
    if (req.base.from === 'pinned') {
      const pinned = ctx.pinnedRoot();
      if (!pinned) throw new SignerError('TRUST_NOT_PINNED', 'no root is pinned in the trust store; pin the current root first, or start from an imported root');
      return pinned;
    }
    const entry = ctx.workspace.get(req.base.itemId);
    const root = entry.doc.pending.find((p) => p.metadata.signed._type === 'root')?.metadata ?? entry.doc.trustedRoot;
    if (!root || root.signed._type !== 'root') throw new SignerError('INPUT_NOT_TUF', `${entry.displayName} holds no root metadata to update`);
    return root as RootMetadata;
  }

  function rootChanges(req: UpdateRequest): RootChanges {
    return {
      ...(req.rootExpirationDays !== undefined ? { rootExpirationDays: req.rootExpirationDays } : {}),
      ...(req.rootThreshold !== undefined ? { threshold: req.rootThreshold } : {}),
      add: req.addKeys.map(named),
      remove: req.removeKeys,
      ...(req.onlineKey ? { onlineKey: online(req.onlineKey) } : {}),
    };
  }

  /** Unknown keys are input problems of the field that named them, not exceptions. */
  function keyProblems(input: CeremonyInput): RuleProblem[] {
    const out: RuleProblem[] = [];
    const check = (keyid: string, where: string): void => {
      try {
        ctx.keyring.get(keyid);
      } catch (error) {
        out.push({ rule: 'key-known', severity: 'error', where, message: (error as Error).message });
      }
    };
    if (input.ceremony === 'bootstrap') {
      input.rootKeys.forEach((k, i) => check(k.keyid, `rootKeys.${i}`));
      check(input.onlineKey.keyid, 'onlineKey');
      if (input.delegation.kind === 'custom')
        input.delegation.roles.forEach((r, i) => {
          r.keys.forEach((k, j) => check(k.keyid, `delegation.roles.${i}.keys.${j}`));
          if (r.roleOnlineKey) check(r.roleOnlineKey.keyid, `delegations[${i}].role_online_key`);
        });
    } else {
      input.addKeys.forEach((k, i) => check(k.keyid, `addKeys.${i}`));
      if (input.onlineKey) check(input.onlineKey.keyid, 'onlineKey');
    }
    return out;
  }

  interface Built {
    root?: TufRootSigned;
    trusted?: TufRootSigned;
    changes?: string[];
    summary?: SummaryLine[];
    current?: SummaryLine[];
  }
  const toValidation = (problems: RuleProblem[], now: Date, built: Built = {}): CeremonyValidation => ({
    valid: !problems.some((p) => p.severity === 'error'),
    messages: problems.map((p) => ({ rule: p.rule, severity: p.severity, field: p.where, message: p.message })),
    changes: built.changes ?? [],
    // The same warnings the review will show for this root, said before it is built, not after.
    notices: built.root
      ? byLevel([...expiryWarnings(built.root.expires, now.getTime()), ...rootWarnings(built.trusted, built.root, publicKeyIdentity)]).map((w) => ({ severity: w.level, code: w.code, message: w.message }))
      : [],
    summary: built.summary ?? [],
    current: built.current ?? [],
  });

  // The clock of the last check, reused when the same answers are built: the expiry the holder read
  // at the check step is the one in the payload, not one a few seconds later.
  let checked: { answers: string; now: Date } | undefined;
  const clockFor = (input: CeremonyInput): Date => (checked && checked.answers === JSON.stringify(input) ? checked.now : ctx.now());

  return {
    validate(input) {
      const now = ctx.now();
      checked = { answers: JSON.stringify(input), now };
      const unknown = keyProblems(input);
      if (unknown.length > 0) return toValidation(unknown, now);
      if (input.ceremony === 'bootstrap') {
        const answers = bootstrapInput(input);
        const problems = validateBootstrap(answers, publicKeyIdentity);
        if (errorsOf(problems).length > 0) return toValidation(problems, now);
        let payload;
        try {
          ({ payload } = buildBootstrapPayload(answers, now, publicKeyIdentity));
        } catch (error) {
          // The builder's own rules (a role's x-rstuf-role-online-key, as the review judges it) are answers to fix too.
          if (error instanceof CeremonyRulesError) return toValidation(error.problems, now);
          throw error;
        }
        const root = payload.metadata.root.signed as unknown as TufRootSigned;
        // Each custom role in the words `rstuf-signer ceremony` prints for it, and nested bins in the review's.
        const built = payload.settings.roles as { delegations?: { keys: Record<string, TufKey>; roles: TufDelegatedRole[] } };
        const roles =
          answers.delegation.kind === 'custom'
            ? answers.delegation.roles.flatMap((r, i) => {
                const line = { label: `Delegated role ${i + 1}`, value: describeDelegatedRole(r) };
                const role = built.delegations?.roles[i];
                return r.numBins === undefined || !role ? [line] : [line, { label: `Delegated role ${i + 1} signing`, value: describeDelegationSigning(delegationSummary(role, built.delegations?.keys ?? {})) }];
              })
            : [];
        return toValidation(problems, now, { root, summary: [...rootSummary(root, now), ...bootstrapSettingsSummary(answers), ...roles] });
      }
      const base = baseRoot(input);
      const current = rootSummary(base.signed, now);
      try {
        const built = buildUpdatePayload(base, rootChanges(input), now, publicKeyIdentity);
        return toValidation(built.warnings, now, { root: built.root.signed, trusted: base.signed, changes: built.changes, summary: rootSummary(built.root.signed, now), current });
      } catch (error) {
        if (error instanceof CeremonyRulesError) return toValidation(error.problems, now, { current });
        throw error;
      }
    },
    build(input) {
      const unknown = keyProblems(input);
      if (unknown.length > 0) throw new SignerError('CEREMONY_INVALID', unknown[0]!.message);
      const now = clockFor(input);
      if (input.ceremony === 'bootstrap') {
        const built = buildBootstrapPayload(bootstrapInput(input), now, publicKeyIdentity);
        return { payload: built.payload, fileName: 'ceremony-payload.json', warnings: built.warnings };
      }
      const built = buildUpdatePayload(baseRoot(input), rootChanges(input), now, publicKeyIdentity);
      return { payload: built.payload, fileName: 'update-payload.json', warnings: built.warnings };
    },
  };
}
