// Keys: generate an encrypted key pair (main's save dialog picks where the private key goes), import
// public keys and certificates for ceremonies, export a public key to hand to others.
import { useEffect, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import type { GenerateKeyRequest } from '../../../../shared/ipc/schemas.js';
import { useStores } from '../../stores/context.js';
import { MIN_PASSPHRASE_LENGTH, passphraseLength } from '../../stores/keys.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Progress } from '../../components/Progress.js';
import { Field } from '../../components/Field.js';
import { shortHex } from '../../components/format.js';
import { FileText } from '../../components/FileText.js';
import { focusFirstInvalid, useFocusOn } from '../../components/focus.js';

const SCHEMES: { value: GenerateKeyRequest['scheme']; label: string }[] = [
  { value: 'ed25519', label: 'Ed25519 (recommended for key files)' },
  { value: 'ecdsa-sha2-nistp256', label: 'ECDSA P-256' },
  { value: 'ecdsa-sha2-nistp384', label: 'ECDSA P-384' },
  { value: 'ecdsa-sha2-nistp521', label: 'ECDSA P-521 (needs securesystemslib 1.2 or later on the online side)' },
  { value: 'rsassa-pss-sha256', label: 'RSA 3072, PSS' },
];

export function KeysScreen() {
  const { keys, signing, tokens } = useStores();
  const k = useStore(keys);
  // Keys a connected token shows with a public key: they can join the list without a PIN.
  const tokenList = useStore(tokens, (s) => s.list);
  const known = new Set(k.keys.map((key) => key.keyid));
  const tokenKeys = (tokenList?.tokens ?? []).flatMap((t) =>
    t.keys.filter((key) => key.keyid !== null && !known.has(key.keyid)).map((key) => ({ tokenRef: t.tokenRef, tokenKeyRef: key.tokenKeyRef, label: `${t.label} #${t.serial}, ${key.label}, key ${shortHex(key.keyid as string, 16)}` })),
  );
  // Where main asks for secrets (signing store: AppInfo.questions), the new key's passphrase is
  // chosen in main's own prompt: the page has no field and sends none.
  const mainAsks = useStore(signing, (s) => s.questions === 'main');
  const asksWhere = useStore(signing, (s) => s.asksWhere);
  const [name, setName] = useState('');
  const [scheme, setScheme] = useState<GenerateKeyRequest['scheme']>('ed25519');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [tried, setTried] = useState(false);
  // A generated or imported key is announced where focus lands; a refused form focuses its first invalid field.
  const messageRef = useFocusOn<HTMLParagraphElement>(k.message);

  useEffect(() => {
    void keys.getState().refresh();
    void signing.getState().loadQuestions();
    if (!tokens.getState().list) void tokens.getState().refresh();
  }, [keys, signing, tokens]);

  const nameError = tried && !name.trim() ? 'Give the key a name, e.g. your own name: it is shown to every key holder.' : null;
  const passError = tried && !mainAsks && passphraseLength(passphrase) < MIN_PASSPHRASE_LENGTH ? `Use at least ${MIN_PASSPHRASE_LENGTH} characters.` : null;
  const repeatError = tried && !mainAsks && repeat !== passphrase ? 'The two passphrases differ.' : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!name.trim() || (!mainAsks && (passphraseLength(passphrase) < MIN_PASSPHRASE_LENGTH || repeat !== passphrase))) {
      focusFirstInvalid(event.currentTarget as HTMLElement);
      return;
    }
    const value = passphrase;
    setPassphrase('');
    setRepeat('');
    const created = await keys.getState().generate({ name: name.trim(), scheme, ...(mainAsks ? {} : { passphrase: value }) });
    if (created) {
      setName('');
      setTried(false);
    }
  };

  return (
    <>
      <ScreenHeader title="Keys" lead="Keys known to this signer. Private keys are always written encrypted; only public keys are listed here." />
      {k.message ? (
        <p className="notice success" role="status" ref={messageRef} tabIndex={-1}>
          <FileText text={k.message} />
        </p>
      ) : null}
      <ErrorNotice error={k.error} title="Keys" focus />

      <div className="grid-2">
        <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="gen-heading" noValidate>
          <h2 id="gen-heading">Generate a key</h2>
          <Field label="Name" hint="Shown to everyone as the key's name (x-rstuf-key-name)." error={nameError}>
            <input type="text" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
          </Field>
          <Field label="Key type">
            <select value={scheme} onChange={(e) => setScheme(e.target.value as GenerateKeyRequest['scheme'])}>
              {SCHEMES.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </Field>
          {mainAsks ? (
            <p className="muted" data-testid="secret-asked-by-main">
              You choose the passphrase {asksWhere} after you pick where to save the key, outside this page (at least {MIN_PASSPHRASE_LENGTH} characters, typed twice).
            </p>
          ) : (
            <>
              <Field label="Passphrase" hint={`At least ${MIN_PASSPHRASE_LENGTH} characters. It encrypts the private key; without it the key is lost.`} error={passError}>
                <input type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete="new-password" />
              </Field>
              <Field label="Passphrase again" error={repeatError}>
                <input type="password" value={repeat} onChange={(e) => setRepeat(e.target.value)} autoComplete="new-password" />
              </Field>
            </>
          )}
          {k.generating ? <Progress label="Generating and encrypting the key" /> : null}
          <button type="submit" className="primary" disabled={k.generating !== null}>
            Generate and save…
          </button>
        </form>

        <section className="card" aria-labelledby="import-keys-heading">
          <h2 id="import-keys-heading">Import public keys</h2>
          <p>PEM public keys, TUF key JSON, or X.509 certificates (for example exported from a YubiKey). They can then be chosen in the ceremonies.</p>
          <button type="button" onClick={() => void keys.getState().importPublic()}>
            Import public keys or certificates…
          </button>
          <h3 id="token-keys-heading">Keys on connected tokens</h3>
          {tokenKeys.length === 0 ? (
            <p className="muted">No key with a readable public key on a connected token. Plug in the token and refresh.</p>
          ) : (
            <ul className="plain-list" aria-labelledby="token-keys-heading">
              {tokenKeys.map((t) => (
                <li key={t.tokenKeyRef}>
                  <FileText text={t.label} />{' '}
                  <button type="button" onClick={() => void keys.getState().importFromToken(t.tokenRef, t.tokenKeyRef)} aria-label={`Add ${t.label} to the known keys`}>
                    Add to the known keys
                  </button>
                </li>
              ))}
            </ul>
          )}
          <button type="button" onClick={() => void tokens.getState().refresh()}>
            Refresh tokens
          </button>
        </section>
      </div>

      <section className="card" aria-labelledby="known-keys">
        <h2 id="known-keys">Known public keys</h2>
        {k.keys.length === 0 ? (
          <p className="muted">No keys yet. Generate one or import public keys.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key id</th>
                  <th scope="col">Type</th>
                  <th scope="col">From</th>
                  <th scope="col">Export public key</th>
                </tr>
              </thead>
              <tbody>
                {k.keys.map((key) => (
                  <tr key={key.keyid}>
                    <td>
                      <FileText text={key.name} />
                    </td>
                    <td className="mono">{shortHex(key.keyid, 16)}</td>
                    <td>{key.scheme}</td>
                    <td>
                      {key.origin}
                      {key.fileName ? (
                        <>
                          {' ('}
                          <FileText text={key.fileName} />)
                        </>
                      ) : null}
                    </td>
                    <td>
                      <div className="row">
                        <button type="button" onClick={() => void keys.getState().exportPublic(key.keyid, 'pem')}>
                          PEM… <span className="visually-hidden">(public key of <FileText text={key.name} />)</span>
                        </button>
                        <button type="button" onClick={() => void keys.getState().exportPublic(key.keyid, 'tuf-json')}>
                          TUF JSON… <span className="visually-hidden">(public key of <FileText text={key.name} />)</span>
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
