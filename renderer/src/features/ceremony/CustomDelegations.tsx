// Custom delegated roles instead of hash bins (RSTUF's `delegations` in a bootstrap payload), asked
// the way `rstuf-signer ceremony` reads them from its config: name, path patterns, keys from the key
// list (none: the online key signs the role), threshold, expiry, terminating, nested hash bins and
// the key that signs them (role_online_key). The rules are the CLI's own (checkDelegatedRoles, run by
// the step check; main adds the builder's x-rstuf-role-online-key rule at the check step), shown
// under each field.
import { useId } from 'react';
import { useStore } from 'zustand';
import { useStores } from '../../stores/context.js';
import { expandOnlineKeyUri, type FieldMessage } from '../../stores/ceremony-steps.js';
import { newRole, type RoleForm } from '../../stores/ceremony.js';
import { BIN_CHOICES } from '../../../../shared/ceremony/defaults.js';
import { KeyPicker, keyOptions } from './KeyPicker.js';
import { FieldMessages, RuleField } from './RuleField.js';
import { ONLINE_KEY_URI_SCHEMES } from '../../../../shared/ceremony/defaults.js';

/** RSTUF's hash-bin counts (powers of two), for the top-level bins and the bins nested under a role. */
export const binOptions = BIN_CHOICES.map((n) => (
  <option key={n} value={n}>
    {n}
  </option>
));

export interface CustomDelegationsProps {
  roles: RoleForm[];
  onChange(roles: RoleForm[]): void;
  /** The online key signs a role that has no keys; it is not offered as one of its offline keys. */
  onlineKeyId: string;
  /** Messages at a field named as the shared rules name it ("delegations[1].threshold"). */
  at(field: string): FieldMessage[];
}

export function CustomDelegations({ roles, onChange, onlineKeyId, at }: CustomDelegationsProps) {
  const { keys } = useStores();
  const known = useStore(keys, (s) => s.keys);
  const change = (i: number, patch: Partial<RoleForm>) => onChange(roles.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  // Messages about the list itself ("at least one role"), not about one role.
  const general = at('delegations').filter((m) => m.field === 'delegations');
  const generalId = useId();
  return (
    <div className="delegated-roles">
      {roles.map((role, i) => {
        const field = `delegations[${i}]`;
        const label = role.name.trim() ? `"${role.name.trim()}"` : `${i + 1}`;
        return (
          <fieldset key={i} className="delegated-role">
            <legend>Delegated role {label}</legend>
            <RuleField
              label={`Role ${i + 1} name`}
              rule={`Letters, digits and "-" (RSTUF lower-cases names and cuts them at "_" when it serves them for signing), unique, and not root, targets, snapshot, timestamp or bins.`}
              messages={at(`${field}.name`)}
            >
              <input type="text" value={role.name} onChange={(e) => change(i, { name: e.target.value })} autoComplete="off" spellCheck={false} />
            </RuleField>
            <RuleField label={`Role ${i + 1} path patterns`} rule={'The artifact paths this role signs for, one pattern per line, e.g. "prod/*". At least one.'} messages={at(`${field}.paths`)}>
              <textarea rows={2} value={role.paths} onChange={(e) => change(i, { paths: e.target.value })} spellCheck={false} />
            </RuleField>
            <KeyPicker
              legend={`Role ${i + 1} keys`}
              rule="The offline keys that sign this role. Pick none and RSTUF's online key signs it (threshold 1)."
              picked={role.keys}
              onChange={(keys) => change(i, { keys, ...(keys.length === 0 ? { threshold: 1 } : {}) })}
              exclude={onlineKeyId ? [onlineKeyId] : []}
              messages={at(`${field}.keys`)}
              field={`${field}.keys`}
            />
            <RuleField
              label={`Role ${i + 1} threshold`}
              rule={`How many of the role's keys must sign: between 1 and the number of its keys (${role.keys.length} picked); 1 when the online key signs it.`}
              messages={at(`${field}.threshold`)}
            >
              <input type="number" min={1} max={Math.max(1, role.keys.length)} value={role.threshold} onChange={(e) => change(i, { threshold: Number(e.target.value) })} />
            </RuleField>
            <RuleField label={`Role ${i + 1} expiry (days)`} rule="Days until the role's metadata expires (x-rstuf-expire-policy, RSTUF default 1)." messages={at(`${field}.expire_policy`)}>
              <input type="number" min={1} value={role.expirePolicy} onChange={(e) => change(i, { expirePolicy: Number(e.target.value) })} />
            </RuleField>
            <RuleField
              label={`Role ${i + 1} nested hash bins`}
              rule="RSTUF's newer format (x-rstuf-num-bins): hash bins below this role, made and signed online by RSTUF, a power of two. None: the role holds its targets itself."
              messages={at(`${field}.num_bins`)}
            >
              <select value={role.numBins ?? ''} onChange={(e) => change(i, { numBins: e.target.value === '' ? null : Number(e.target.value) })}>
                <option value="">None</option>
                {binOptions}
              </select>
            </RuleField>
            <RuleField
              label={`Role ${i + 1} bins online key`}
              rule="RSTUF's newer format (x-rstuf-role-online-key): the key that signs this role's nested hash bins online, with its own URI; it needs nested bins and may not be one of the role's own keys. None: the repository's online key signs the bins."
              messages={at(`${field}.role_online_key`).filter((m) => m.field === `${field}.role_online_key`)}
            >
              <select
                value={role.roleOnlineKeyId}
                onChange={(e) => change(i, { roleOnlineKeyId: e.target.value, roleOnlineKeyName: known.find((k) => k.keyid === e.target.value)?.name ?? '', roleOnlineKeyUri: '' })}
              >
                <option value="">None: the repository's online key</option>
                {keyOptions(known)}
              </select>
            </RuleField>
            {role.roleOnlineKeyId ? (
              <>
                <RuleField label={`Role ${i + 1} bins online key name`} rule="The name the key carries in the delegations (x-rstuf-key-name); its name in the key list to start with." messages={at(`${field}.role_online_key.name`)}>
                  <input type="text" value={role.roleOnlineKeyName} onChange={(e) => change(i, { roleOnlineKeyName: e.target.value })} autoComplete="off" />
                </RuleField>
                <RuleField
                  label={`Role ${i + 1} bins online key URI`}
                  rule={`Where RSTUF's worker finds this key's private half, typed by hand. It starts with ${ONLINE_KEY_URI_SCHEMES.join(', ')}; for a file named after the key id the short id is enough: fn:${role.roleOnlineKeyId.slice(0, 8)}.`}
                  messages={at(`${field}.role_online_key.uri`)}
                >
                  <input
                    type="text"
                    value={role.roleOnlineKeyUri}
                    onChange={(e) => change(i, { roleOnlineKeyUri: e.target.value })}
                    onBlur={() => change(i, { roleOnlineKeyUri: expandOnlineKeyUri(role.roleOnlineKeyUri, role.roleOnlineKeyId) })}
                    autoComplete="off"
                    spellCheck={false}
                  />
                </RuleField>
              </>
            ) : null}
            <label className="choice">
              <input type="checkbox" checked={role.terminating} onChange={(e) => change(i, { terminating: e.target.checked })} />
              <span>Role {i + 1} is terminating: a path it matches is never looked up in the roles after it</span>
            </label>
            <div className="actions">
              <button type="button" onClick={() => onChange(roles.filter((_, j) => j !== i))}>
                Remove role {label}
              </button>
            </div>
          </fieldset>
        );
      })}
      <FieldMessages id={generalId} messages={general} />
      <div className="actions">
        <button
          type="button"
          onClick={() => onChange([...roles, newRole()])}
          aria-invalid={general.some((m) => m.severity === 'error') ? true : undefined}
          aria-describedby={general.length ? generalId : undefined}
        >
          Add a delegated role
        </button>
      </div>
    </div>
  );
}
