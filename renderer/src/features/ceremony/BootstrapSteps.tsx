// The bootstrap wizard's questions (RSTUF `admin ceremony`), each with its rule and, once the holder
// tried to go on, the problems of the answer under it.
import { useStore } from 'zustand';
import { useStores } from '../../stores/context.js';
import { newRole } from '../../stores/ceremony.js';
import type { StepContext } from '../../stores/ceremony-steps.js';
import { expandOnlineKeyUri } from '../../stores/ceremony-steps.js';
import { EXPIRY_ROLES, ONLINE_KEY_URI_SCHEMES } from '../../../../shared/ceremony/defaults.js';
import { KeyPicker, keyOptions } from './KeyPicker.js';
import { RuleField } from './RuleField.js';
import { binOptions, CustomDelegations } from './CustomDelegations.js';

const EXPIRY_RULES: Record<(typeof EXPIRY_ROLES)[number], string> = {
  root: 'Days until the root expires. Signing a new root needs the key holders again, so RSTUF suggests 365.',
  targets: 'Days until targets metadata expires; the online key re-signs it (RSTUF default 365).',
  snapshot: 'Days until snapshot expires; re-signed online (RSTUF default 1).',
  timestamp: 'Days until timestamp expires; re-signed online (RSTUF default 1).',
  bins: 'Days until each hash-bin role expires; re-signed online (RSTUF default 1).',
};

export function BootstrapSteps({ step, ctx }: { step: number; ctx: StepContext }) {
  const { ceremony, keys } = useStores();
  const form = useStore(ceremony, (s) => s.bootstrap);
  // Re-render when the shown problems change (a tried step, main's answer).
  useStore(ceremony, (s) => s.attempted);
  useStore(ceremony, (s) => s.validation);
  const known = useStore(keys, (s) => s.keys);
  const { setBootstrap: set, messagesAt } = ceremony.getState();
  const at = (field: string) => messagesAt(field, ctx);

  if (step === 0) {
    return (
      <>
        <KeyPicker
          legend="Root keys"
          rule="Root keys are the offline keys of the key holders (key files or YubiKeys). Pick every holder's public key; the online key must not be one of them."
          picked={form.rootKeys}
          onChange={(rootKeys) => set({ rootKeys })}
          exclude={form.onlineKeyId ? [form.onlineKeyId] : []}
          messages={at('root.keys')}
        />
        <RuleField
          label="Root threshold"
          rule={`How many root key holders must sign a new root: between 1 and the number of root keys (${form.rootKeys.length} picked). 1 lets a single lost key take over the repository; 2 or more is safer.`}
          messages={at('root.threshold')}
        >
          <input type="number" min={1} max={Math.max(1, form.rootKeys.length)} value={form.rootThreshold} onChange={(e) => set({ rootThreshold: Number(e.target.value) })} />
        </RuleField>
      </>
    );
  }
  if (step === 1) {
    const candidates = known.filter((k) => !form.rootKeys.some((r) => r.keyid === k.keyid));
    const chosen = known.find((k) => k.keyid === form.onlineKeyId);
    const conventional = chosen ? `fn:${chosen.keyid}` : null;
    return (
      <>
        <RuleField
          label="Online key"
          rule="The public key of the RSTUF worker's online key (it signs targets, snapshot, timestamp and bins). Import it on the Keys screen or in step 1. It must not be a root key."
          messages={at('online_key').filter((m) => m.field === 'online_key')}
        >
          <select value={form.onlineKeyId} onChange={(e) => set({ onlineKeyId: e.target.value, onlineKeyName: known.find((k) => k.keyid === e.target.value)?.name ?? '' })}>
            <option value="">Choose the online key</option>
            {keyOptions(candidates)}
          </select>
        </RuleField>
        <RuleField label="Online key name" rule="The name the online key carries in the root (x-rstuf-key-name), so holders recognise it; its name in the key list to start with." messages={at('online_key.name')}>
          <input type="text" value={form.onlineKeyName} onChange={(e) => set({ onlineKeyName: e.target.value })} autoComplete="off" />
        </RuleField>
        <RuleField
          label="Online key URI"
          rule={`Where the worker finds the online private key, typed by hand since this laptop is offline. It starts with ${ONLINE_KEY_URI_SCHEMES.join(', ')}. For a file named after the key id (RSTUF's convention) the short id is enough: fn:${chosen ? chosen.keyid.slice(0, 8) : '<8 hex digits>'}.`}
          messages={at('online_key.uri')}
        >
          <input
            type="text"
            value={form.onlineKeyUri}
            onChange={(e) => set({ onlineKeyUri: e.target.value })}
            onBlur={() => chosen && set({ onlineKeyUri: expandOnlineKeyUri(form.onlineKeyUri, chosen.keyid) })}
            autoComplete="off"
            spellCheck={false}
          />
        </RuleField>
        {conventional && form.onlineKeyUri.trim() !== conventional ? (
          <div className="actions">
            <button type="button" onClick={() => set({ onlineKeyUri: conventional })}>
              Use fn:{chosen!.keyid.slice(0, 8)}… (the file named after the key id)
            </button>
          </div>
        ) : null}
      </>
    );
  }
  return (
    <>
      {EXPIRY_ROLES.filter((role) => role !== 'bins' || form.delegationKind === 'bins').map((role) => (
        <RuleField key={role} label={`${role} expiry (days)`} rule={EXPIRY_RULES[role]} messages={at(`expiration.${role}`)}>
          <input
            type="number"
            min={1}
            value={form.expirationDays[role]}
            onChange={(e) => set({ expirationDays: { ...form.expirationDays, [role]: Number(e.target.value) } })}
          />
        </RuleField>
      ))}
      <fieldset className="delegation-kind">
        <legend>Delegation</legend>
        <p className="rule">RSTUF delegates targets either to hash bins signed by the online key, or to custom roles with their own paths and keys (a choice made once, at bootstrap).</p>
        <label className="choice">
          <input type="radio" name="delegation-kind" checked={form.delegationKind === 'bins'} onChange={() => set({ delegationKind: 'bins' })} />
          <span>Hash bins (RSTUF's default)</span>
        </label>
        <label className="choice">
          <input
            type="radio"
            name="delegation-kind"
            checked={form.delegationKind === 'custom'}
            onChange={() => set({ delegationKind: 'custom', ...(form.roles.length === 0 ? { roles: [newRole()] } : {}) })}
          />
          <span>Custom delegations</span>
        </label>
      </fieldset>
      {form.delegationKind === 'bins' ? (
        <RuleField
          label="Hash bins"
          rule="RSTUF spreads artifacts over this many online 'bins' roles (a power of two from 2 to 16384, default 256). More bins make each one smaller."
          messages={at('bins')}
        >
          <select value={form.bins} onChange={(e) => set({ bins: Number(e.target.value) })}>
            {binOptions}
          </select>
        </RuleField>
      ) : (
        <CustomDelegations roles={form.roles} onChange={(roles) => set({ roles })} onlineKeyId={form.onlineKeyId} at={at} />
      )}
    </>
  );
}
