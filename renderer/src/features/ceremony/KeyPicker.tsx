// Choose keys from the public keys this app knows (Keys screen, or imported right here), each with
// the name it will carry in the metadata.
import { useStore } from 'zustand';
import { useStores } from '../../stores/context.js';
import type { KeyPick } from '../../stores/ceremony.js';
import { shortHex } from '../../components/format.js';
import { FileText } from '../../components/FileText.js';

export interface KeyPickerProps {
  legend: string;
  rule: string;
  picked: KeyPick[];
  onChange(picked: KeyPick[]): void;
  /** Keys that may not be picked here (e.g. the online key among root keys). */
  exclude?: string[];
  errors?: string[];
}

export function KeyPicker({ legend, rule, picked, onChange, exclude = [], errors = [] }: KeyPickerProps) {
  const { keys } = useStores();
  const known = useStore(keys, (s) => s.keys).filter((k) => !exclude.includes(k.keyid));
  const toggle = (keyid: string, name: string, on: boolean) =>
    onChange(on ? [...picked, { keyid, name }] : picked.filter((p) => p.keyid !== keyid));
  const rename = (keyid: string, name: string) => onChange(picked.map((p) => (p.keyid === keyid ? { ...p, name } : p)));
  return (
    <fieldset className="key-picker">
      <legend>{legend}</legend>
      <p className="rule">{rule}</p>
      {known.length === 0 ? <p className="muted">No public keys known yet: import them first.</p> : null}
      {known.map((k) => {
        const pick = picked.find((p) => p.keyid === k.keyid);
        return (
          <div key={k.keyid} className="key-option">
            <label className="choice">
              <input type="checkbox" checked={pick !== undefined} onChange={(e) => toggle(k.keyid, k.name, e.target.checked)} />
              <span>
                <FileText text={k.name} /> <span className="mono muted">{shortHex(k.keyid)}</span> <span className="muted">{k.scheme}</span>
              </span>
            </label>
            {pick ? (
              <label className="key-name">
                <span>
                  Name for <FileText text={k.name} />
                </span>
                <input type="text" value={pick.name} onChange={(e) => rename(k.keyid, e.target.value)} />
              </label>
            ) : null}
          </div>
        );
      })}
      {errors.map((e) => (
        <p key={e} className="field-error">
          {e}
        </p>
      ))}
      <div className="actions">
        <button type="button" onClick={() => void keys.getState().importPublic()}>
          Import public keys or certificates…
        </button>
      </div>
    </fieldset>
  );
}
