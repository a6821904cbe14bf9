// Choose keys from the public keys this app knows (Keys screen, or imported right here), each with
// the name it will carry in the metadata. Problems of the whole set sit under the list and mark the
// first checkbox; a name's problem sits under that name.
import { useId, useState } from 'react';
import { useStore } from 'zustand';
import { useStores } from '../../stores/context.js';
import type { KeyPick } from '../../stores/ceremony.js';
import type { FieldMessage } from '../../stores/ceremony-steps.js';
import { shortHex } from '../../components/format.js';
import { FileText, fileText } from '../../components/FileText.js';
import type { PublicKeyInfo } from '../../../../shared/ipc/schemas.js';
import { FieldMessages } from './RuleField.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useFocusOn } from '../../components/focus.js';

/** One <option> per key of the key list: its name, short key id and scheme (the online key choosers). */
export const keyOptions = (keys: PublicKeyInfo[]) =>
  keys.map((k) => (
    <option key={k.keyid} value={k.keyid}>
      {fileText(k.name)} ({k.keyid.slice(0, 8)}, {k.scheme})
    </option>
  ));

export interface KeyPickerProps {
  legend: string;
  rule: string;
  picked: KeyPick[];
  onChange(picked: KeyPick[]): void;
  /** Keys that may not be picked here (e.g. the online key among root keys). */
  exclude?: string[];
  /** Messages at the key set ("root.keys") and at one key ("root.keys[1]", the second picked). */
  messages?: FieldMessage[];
  /** The field the messages are named by. */
  field?: string;
}

export function KeyPicker({ legend, rule, picked, onChange, exclude = [], messages = [], field = 'root.keys' }: KeyPickerProps) {
  const { keys } = useStores();
  const id = useId();
  const known = useStore(keys, (s) => s.keys).filter((k) => !exclude.includes(k.keyid));
  // What an import started here did (keys imported, or why a file was refused), said here and focused.
  const [asked, setAsked] = useState(false);
  const message = useStore(keys, (s) => (asked ? s.message : null));
  const error = useStore(keys, (s) => (asked ? s.error : null));
  const messageRef = useFocusOn<HTMLParagraphElement>(message);
  const toggle = (keyid: string, name: string, on: boolean) => onChange(on ? [...picked, { keyid, name }] : picked.filter((p) => p.keyid !== keyid));
  const rename = (keyid: string, name: string) => onChange(picked.map((p) => (p.keyid === keyid ? { ...p, name } : p)));
  const atKey = (keyid: string) => {
    const i = picked.findIndex((p) => p.keyid === keyid);
    return messages.filter((m) => m.field.startsWith(`${field}[${i}]`));
  };
  const general = messages.filter((m) => !/\[\d+\]/.test(m.field.slice(field.length)));
  const generalId = `${id}-set`;
  const setInvalid = general.some((m) => m.severity === 'error');
  return (
    <fieldset className="key-picker">
      <legend>{legend}</legend>
      <p className="rule" id={`${id}-rule`}>
        {rule}
      </p>
      {known.length === 0 ? <p className="muted">No public keys known yet: import them first.</p> : null}
      {known.map((k, index) => {
        const pick = picked.find((p) => p.keyid === k.keyid);
        const own = pick ? atKey(k.keyid) : [];
        const ownId = `${id}-${k.keyid}`;
        return (
          <div key={k.keyid} className="key-option">
            <label className="choice">
              <input
                type="checkbox"
                checked={pick !== undefined}
                onChange={(e) => toggle(k.keyid, k.name, e.target.checked)}
                aria-invalid={index === 0 && setInvalid ? true : undefined}
                aria-describedby={index === 0 && general.length ? `${generalId} ${id}-rule` : undefined}
              />
              <span>
                <FileText text={k.name} /> <span className="mono muted">{shortHex(k.keyid)}</span> <span className="muted">{k.scheme}</span>
              </span>
            </label>
            {pick ? (
              <>
                <label className="key-name">
                  <span>
                    Name for <FileText text={k.name} />
                  </span>
                  <input
                    type="text"
                    value={pick.name}
                    onChange={(e) => rename(k.keyid, e.target.value)}
                    aria-invalid={own.some((m) => m.severity === 'error') ? true : undefined}
                    aria-describedby={own.length ? ownId : undefined}
                  />
                </label>
                <FieldMessages id={ownId} messages={own} />
              </>
            ) : null}
          </div>
        );
      })}
      <FieldMessages id={generalId} messages={general} />
      <div className="actions">
        <button
          type="button"
          onClick={() => {
            setAsked(true);
            void keys.getState().importPublic();
          }}
        >
          Import public keys or certificates…
        </button>
      </div>
      {message ? (
        <p className="notice success" role="status" ref={messageRef} tabIndex={-1}>
          <FileText text={message} />
        </p>
      ) : null}
      <ErrorNotice error={error} title="The key could not be imported" focus />
    </fieldset>
  );
}
