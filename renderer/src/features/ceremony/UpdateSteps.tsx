// The metadata update wizard's questions (RSTUF `admin metadata update`), each with its rule.
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useStores } from '../../stores/context.js';
import { messagesFor } from '../../stores/ceremony.js';
import { ONLINE_KEY_URI_SCHEMES } from '../../../../shared/ceremony/defaults.js';
import { KeyPicker } from './KeyPicker.js';
import { RuleField } from './RuleField.js';
import { FileText, fileText } from '../../components/FileText.js';

const texts = (msgs: { message: string }[]) => msgs.map((m) => m.message);

export function UpdateSteps({ step }: { step: number }) {
  const { ceremony, trust, workspace, keys } = useStores();
  const form = useStore(ceremony, (s) => s.update);
  const validation = useStore(ceremony, (s) => s.validation);
  const pinned = useStore(trust, (s) => s.state?.pinned ?? null);
  const items = useStore(workspace, (s) => s.items);
  const known = useStore(keys, (s) => s.keys);
  const set = ceremony.getState().setUpdate;
  useEffect(() => {
    void trust.getState().load();
  }, [trust]);

  if (step === 0) {
    return (
      <RuleField
        label="Root to update"
        rule="The new root is version + 1 of this root. Use the trust store's pinned root, or the root inside an imported bundle (for example RSTUF's current trusted root)."
        messages={texts(messagesFor(validation, 'base'))}
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
  return (
    <>
      <RuleField
        label="New root expiry (days from today)"
        rule="Leave empty to keep the current expiry date. Over two years away is warned about: long-lived roots outlive their keys."
        messages={texts(messagesFor(validation, 'root.expiration'))}
      >
        <input type="number" min={1} value={form.rootExpirationDays} onChange={(e) => set({ rootExpirationDays: e.target.value })} />
      </RuleField>
      <RuleField
        label="New root threshold"
        rule="Leave empty to keep it. Between 1 and the number of root keys after the change; lowering it is warned about."
        messages={texts(messagesFor(validation, 'root.threshold'))}
      >
        <input type="number" min={1} value={form.rootThreshold} onChange={(e) => set({ rootThreshold: e.target.value })} />
      </RuleField>
      <KeyPicker
        legend="Root keys to add"
        rule="New key holders' public keys. The new root must still be signed by enough of the OLD root's keys, so rotate a few keys at a time."
        picked={form.addKeys}
        onChange={(addKeys) => set({ addKeys })}
        errors={texts(messagesFor(validation, 'root.keys'))}
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
                <FileText text={k.name} />
              </span>
            </label>
          ))}
        </fieldset>
      ) : (
        <RuleField label="Root keys to remove (names or key ids, comma separated)" rule="Exactly as the root names them, e.g. JoeCocker. Leave empty to keep all keys.">
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
      <RuleField label="New online key" rule="Leave as is to keep the online key. A new online key needs its URI below." messages={texts(messagesFor(validation, 'online_key').filter((m) => m.field !== 'online_key.uri'))}>
        <select value={form.onlineKeyId} onChange={(e) => set({ onlineKeyId: e.target.value })}>
          <option value="">Keep the current online key</option>
          {known.map((k) => (
            <option key={k.keyid} value={k.keyid}>
              {fileText(k.name)} ({k.keyid.slice(0, 8)})
            </option>
          ))}
        </select>
      </RuleField>
      {form.onlineKeyId ? (
        <RuleField label="New online key URI" rule={`Starts with ${ONLINE_KEY_URI_SCHEMES.join(', ')}.`} messages={texts(messagesFor(validation, 'online_key.uri'))}>
          <input type="text" value={form.onlineKeyUri} onChange={(e) => set({ onlineKeyUri: e.target.value })} autoComplete="off" spellCheck={false} />
        </RuleField>
      ) : null}
    </>
  );
}
