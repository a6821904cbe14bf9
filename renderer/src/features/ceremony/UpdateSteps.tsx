// The metadata update wizard's questions (RSTUF `admin metadata update`), each with its rule; the
// changes step shows the root it starts from (as main read it) beside the new values.
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useStores } from '../../stores/context.js';
import type { StepContext } from '../../stores/ceremony-steps.js';
import { expandOnlineKeyUri } from '../../stores/ceremony-steps.js';
import { ONLINE_KEY_URI_SCHEMES } from '../../../../shared/ceremony/defaults.js';
import { KeyPicker } from './KeyPicker.js';
import { RuleField } from './RuleField.js';
import { SummaryFacts } from './SummaryFacts.js';
import { FileText, fileText } from '../../components/FileText.js';

export function UpdateSteps({ step, ctx }: { step: number; ctx: StepContext }) {
  const { ceremony, workspace, keys } = useStores();
  const form = useStore(ceremony, (s) => s.update);
  useStore(ceremony, (s) => s.attempted);
  useStore(ceremony, (s) => s.validation);
  const current = useStore(ceremony, (s) => s.current);
  const items = useStore(workspace, (s) => s.items);
  const known = useStore(keys, (s) => s.keys);
  const { setUpdate: set, messagesAt } = ceremony.getState();
  const at = (field: string) => messagesAt(field, ctx);
  const pinned = ctx.pinned;
  useEffect(() => {
    // The current values of the root being updated: main reads them (pinned root or an item's root), once per base.
    if (step === 1 && !ceremony.getState().current && !ceremony.getState().busy) void ceremony.getState().validate(ctx);
  }, [step, form.base, ceremony, ctx]);

  if (step === 0) {
    return (
      <RuleField
        label="Root to update"
        rule="The new root is version + 1 of this root. Use the trust store's pinned root, or the root inside an imported bundle (for example RSTUF's current trusted root)."
        messages={at('base')}
      >
        <select value={form.base} onChange={(e) => set({ base: e.target.value })}>
          <option value="pinned">{pinned ? `Pinned root, version ${pinned.version}` : 'Pinned root (none pinned yet)'}</option>
          {items.map((i) => (
            <option key={i.id} value={i.id}>
              {fileText(i.displayName)} ({i.kindLabel})
            </option>
          ))}
        </select>
      </RuleField>
    );
  }
  const removable = form.base === 'pinned' && pinned ? pinned.keys : [];
  const now = (label: string) => current?.find((l) => l.label === label)?.value;
  const chosen = known.find((k) => k.keyid === form.onlineKeyId);
  return (
    <>
      {current ? (
        <div className="notice info">
          <p className="notice-title">The root you start from</p>
          <SummaryFacts lines={current} testId="current-root" />
        </div>
      ) : null}
      <RuleField
        label="New root expiry (days from today)"
        rule={`Leave empty to keep the current expiry date${now('Root expires') ? ` (${now('Root expires')})` : ''}. Over two years away is warned about: long-lived roots outlive their keys.`}
        messages={at('expiration.root')}
      >
        <input type="number" min={1} value={form.rootExpirationDays} onChange={(e) => set({ rootExpirationDays: e.target.value })} />
      </RuleField>
      <RuleField
        label="New root threshold"
        rule={`Leave empty to keep it${now('Root keys') ? ` (now ${now('Root keys')!.split(' must sign')[0]})` : ''}. Between 1 and the number of root keys after the change; lowering it is warned about.`}
        messages={at('root.threshold')}
      >
        <input type="number" min={1} value={form.rootThreshold} onChange={(e) => set({ rootThreshold: e.target.value })} />
      </RuleField>
      <KeyPicker
        legend="Root keys to add"
        rule="New key holders' public keys. The new root must still be signed by enough of the OLD root's keys, so rotate a few keys at a time."
        picked={form.addKeys}
        onChange={(addKeys) => set({ addKeys })}
        messages={at('root.keys')}
      />
      {removable.length > 0 ? (
        <fieldset>
          <legend>Root keys to remove</legend>
          {removable.map((k) => (
            <label key={k.keyid} className="choice">
              <input
                type="checkbox"
                checked={form.removeKeys.includes(k.keyid)}
                onChange={(e) => set({ removeKeys: e.target.checked ? [...form.removeKeys, k.keyid] : form.removeKeys.filter((r) => r !== k.keyid) })}
              />
              <span>
                <FileText text={k.name} /> <span className="mono muted">{k.keyid.slice(0, 8)}</span>
              </span>
            </label>
          ))}
        </fieldset>
      ) : (
        <RuleField label="Root keys to remove (names or key ids, comma separated)" rule="Exactly as the root names them, e.g. JoeCocker. Leave empty to keep all keys." messages={at('remove')}>
          <input
            type="text"
            value={form.removeKeys.join(', ')}
            onChange={(e) =>
              set({
                removeKeys: e.target.value
                  .split(',')
                  .map((s) => s.trim())
                  .filter(Boolean),
              })
            }
          />
        </RuleField>
      )}
      <RuleField
        label="New online key"
        rule={`Leave as is to keep the online key${now('Online key') ? ` (${fileText(now('Online key')!)})` : ''}. A new online key needs its URI below.`}
        messages={at('online_key').filter((m) => m.field === 'online_key')}
      >
        <select value={form.onlineKeyId} onChange={(e) => set({ onlineKeyId: e.target.value, onlineKeyName: known.find((k) => k.keyid === e.target.value)?.name ?? '' })}>
          <option value="">Keep the current online key</option>
          {known.map((k) => (
            <option key={k.keyid} value={k.keyid}>
              {fileText(k.name)} ({k.keyid.slice(0, 8)})
            </option>
          ))}
        </select>
      </RuleField>
      {chosen ? (
        <>
          <RuleField label="New online key name" rule="The name it carries in the root (x-rstuf-key-name), so holders recognise it; its name in the key list to start with." messages={at('online_key.name')}>
            <input type="text" value={form.onlineKeyName} onChange={(e) => set({ onlineKeyName: e.target.value })} autoComplete="off" />
          </RuleField>
          <RuleField label="New online key URI" rule={`Starts with ${ONLINE_KEY_URI_SCHEMES.join(', ')}; fn:${chosen.keyid.slice(0, 8)} stands for the file named after the whole key id.`} messages={at('online_key.uri')}>
            <input
              type="text"
              value={form.onlineKeyUri}
              onChange={(e) => set({ onlineKeyUri: e.target.value })}
              onBlur={() => set({ onlineKeyUri: expandOnlineKeyUri(form.onlineKeyUri, chosen.keyid) })}
              autoComplete="off"
              spellCheck={false}
            />
          </RuleField>
        </>
      ) : null}
    </>
  );
}
