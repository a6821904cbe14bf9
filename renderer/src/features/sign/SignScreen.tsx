// Sign: pick who is signing (a key file + passphrase, or a token key + PIN), sign, and see the
// verified result; then export, or let the next key holder sign on the same laptop.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import { useStores } from '../../stores/context.js';
import { currentItem } from '../../stores/workspace.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Progress } from '../../components/Progress.js';
import { NeedsItem } from '../../components/NeedsItem.js';
import { SignatureProgress } from '../../components/SignatureProgress.js';
import { Field } from '../../components/Field.js';
import { FileText } from '../../components/FileText.js';
import { useFocusOn } from '../../components/focus.js';

/** Errors that belong to the passphrase or PIN field: shown under it, which takes focus. */
const SECRET_ERRORS: ReadonlySet<string> = new Set(['PASSPHRASE_WRONG', 'PASSPHRASE_REQUIRED', 'PIN_REQUIRED', 'TOKEN_PIN_INCORRECT']);
import { progressFraction } from '../../stores/progress.js';
import { shortHex } from '../../components/format.js';
import { signingFor, signingInProgress } from '../../stores/signing.js';
import type { WorkspaceItem } from '../../../../shared/ipc/schemas.js';
import { TokenHealthNotes } from '../token-health/TokenHealthNotes.js';
import { RecordUpdated } from '../record/RecordUpdated.js';

export function SignScreen() {
  const { workspace, review, navigation } = useStores();
  const item = useStore(workspace, currentItem);
  const confirmed = useStore(review, (s) => (item ? s.confirmed[item.id] === true : false));
  const go = useStore(navigation, (s) => s.go);

  useEffect(() => {
    if (item && review.getState().itemId !== item.id) void review.getState().load(item.id);
  }, [item, review]);

  if (!item) {
    return (
      <>
        <ScreenHeader title="Sign" />
        <NeedsItem what="review and sign it" />
      </>
    );
  }
  if (!confirmed) {
    return (
      <>
        <ScreenHeader title={`Sign: ${item.displayName}`} />
        <div className="notice warning">
          <p className="notice-title">Review first</p>
          <p>Signing is a separate step: read the review of {item.displayName} and confirm “I have reviewed this” before you sign.</p>
        </div>
        <button type="button" className="primary" onClick={() => go('review')}>
          Go to Review
        </button>
      </>
    );
  }
  // Keyed by item: the passphrase or PIN typed for one item never stays in the field for another.
  return <SignItem key={item.id} item={item} />;
}

/** The Sign screen of one item: its signatures, and its own sign result or error, never another item's. */
function SignItem({ item }: { item: WorkspaceItem }) {
  const stores = useStores();
  const { review, signing, navigation, tokens } = stores;
  const model = useStore(review, (s) => (s.model?.itemId === item.id ? s.model : null));
  const method = useStore(signing, (s) => s.method);
  const keyFile = useStore(signing, (s) => s.keyFile);
  const token = useStore(signing, (s) => s.token);
  const sign = useStore(signing, (s) => signingFor(s, item.id));
  const otherSigning = useStore(signing, (s) => {
    const id = signingInProgress(s);
    return id !== null && id !== item.id;
  });
  const signProgress = useStore(stores.progress, (s) => (sign.operationId ? s.byOperation[sign.operationId] : undefined));
  const tokenList = useStore(tokens, (s) => s.list);
  const go = useStore(navigation, (s) => s.go);
  const [secret, setSecret] = useState('');
  const methodName = useId();
  // Where main asks for the passphrase or PIN (its own window, or the shell's terminal), the page
  // never holds it: no field, nothing sent.
  const mainAsks = useStore(signing, (s) => s.questions === 'main');
  const asksWhere = useStore(signing, (s) => s.asksWhere);

  useEffect(() => {
    void signing.getState().loadQuestions();
  }, [signing]);

  useEffect(() => {
    if (method === 'token' && !tokenList) void tokens.getState().refresh();
  }, [method, tokenList, tokens]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = secret;
    // The secret leaves the page's state as soon as it is handed to main, whatever the outcome.
    setSecret('');
    if (method === 'file') await signing.getState().signWithKeyFile(item.id, value);
    else await signing.getState().signWithToken(item.id, value);
  };

  const nextHolder = () => {
    signing.getState().nextHolder();
    // The next holder confirms every review themselves, this item's and any other's.
    review.getState().dropConfirmations();
    go('review');
  };

  const busy = sign.phase === 'signing';
  // Focus follows the outcome: the result's heading, or the field whose answer was wrong.
  const secretError = sign.error && SECRET_ERRORS.has(sign.error.code) ? sign.error.message : null;
  const resultRef = useFocusOn<HTMLHeadingElement>(sign.result);
  const secretRef = useFocusOn<HTMLInputElement>(secretError ? sign.error : null);
  const blocked = busy || otherSigning;
  const touch = busy && signProgress?.phase === 'touch';
  const tokenKeys = (tokenList?.tokens ?? []).flatMap((t) =>
    t.keys.map((k) => ({ value: `${t.tokenRef}|${k.tokenKeyRef}`, label: `${t.label} (${t.model} #${t.serial}), ${k.label}${k.keyid ? `, key ${shortHex(k.keyid, 16)}` : ''}` })),
  );
  // Main refuses to sign these roles whoever signs (one key under two key ids, a broken trust chain).
  const refusals = (model?.roles ?? []).filter((r) => r.signingRefused !== null && (sign.role === null || sign.role === r.role));
  const refusedAll = model !== null && refusals.length > 0 && refusals.length === model.roles.filter((r) => sign.role === null || sign.role === r.role).length;
  const secretReady = mainAsks || secret.length > 0;
  const canSubmit = !blocked && !refusedAll && (method === 'file' ? keyFile !== null && (!keyFile.encrypted || secretReady) : token !== null && secretReady);

  return (
    <>
      <ScreenHeader title={`Sign: ${item.displayName}`} lead="Choose who is signing. The signature is verified against the expected public key before it is added." />

      {model ? (
        <section className="card" aria-labelledby="sig-status">
          <h2 id="sig-status">Signatures so far</h2>
          {model.roles.map((r) => (
            <div key={r.role}>
              <h3>
                <FileText text={r.role} /> v{r.version}
              </h3>
              <SignatureProgress thresholds={r.thresholds} />
            </div>
          ))}
        </section>
      ) : null}

      {sign.result ? (
        <section className="card" aria-labelledby="sign-result">
          <div className="notice success" role="status">
            <h2 className="notice-title" id="sign-result" ref={resultRef} tabIndex={-1}>
              Signed and verified
            </h2>
            <p>
              <FileText text={sign.result.keyName} /> signed <FileText text={sign.result.role} /> v{sign.result.version} (key {shortHex(sign.result.keyid, 16)}). The signature was checked against the key
              before it was added, and recorded in the audit log.
            </p>
          </div>
          <RecordUpdated record={sign.result.record} />
          <SignatureProgress thresholds={sign.result.review.thresholds} />
          <div className="actions">
            <button type="button" className="primary" onClick={() => go('export')}>
              Export the bundle
            </button>
            <button type="button" onClick={nextHolder}>
              Another key holder signs next
            </button>
          </div>
        </section>
      ) : (
        <form className="card" onSubmit={(e) => void submit(e)} aria-label="Sign">
          {refusals.length > 0 ? (
            <div className="notice error" role="alert" data-testid="signing-refused">
              <h2 className="notice-title">{refusedAll ? 'Signing is disabled' : 'Some roles cannot be signed'}</h2>
              <ul className="warnings-list">
                {refusals.map((r) => (
                  <li key={r.role}>
                    <FileText text={r.signingRefused ?? ''} />
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {item.roles.length > 1 ? (
            <Field label="Role to sign" hint="Leave “any role this key may sign” unless the key is authorized for several roles.">
              <select value={sign.role ?? ''} onChange={(e) => signing.getState().setRole(e.target.value || null, item.id)}>
                <option value="">Any role this key may sign</option>
                {item.roles.map((r) => (
                  <option key={r.role} value={r.role}>
                    <FileText text={r.role} /> v{r.version}
                  </option>
                ))}
              </select>
            </Field>
          ) : null}

          <fieldset>
            <legend>Who is signing</legend>
            <label className="choice">
              <input type="radio" name={methodName} checked={method === 'file'} onChange={() => signing.getState().setMethod('file', item.id)} />
              <span>A key file (an encrypted private key on this laptop or a USB stick)</span>
            </label>
            <label className="choice">
              <input type="radio" name={methodName} checked={method === 'token'} onChange={() => signing.getState().setMethod('token', item.id)} />
              <span>A hardware token (YubiKey, Nitrokey, HSM) with its PIN</span>
            </label>
          </fieldset>

          {method === 'file' ? (
            <>
              <div className="field">
                <span className="label">Key file</span>
                <div className="row">
                  <button type="button" onClick={() => void signing.getState().chooseKeyFile(item.id)} disabled={busy}>
                    {keyFile ? 'Choose another key file…' : 'Choose key file…'}
                  </button>
                  {keyFile ? (
                    <span data-testid="key-file">
                      {keyFile.fileName}
                      {keyFile.publicKey ? ` (${keyFile.publicKey.name}, key ${shortHex(keyFile.publicKey.keyid)})` : ''}
                      {keyFile.encrypted ? ', encrypted' : ', NOT encrypted'}
                    </span>
                  ) : (
                    <span className="muted">No key file chosen</span>
                  )}
                </div>
              </div>
              {keyFile?.encrypted !== false && mainAsks ? (
                <p className="muted" data-testid="secret-asked-by-main">
                  The passphrase is asked {asksWhere} when you sign, outside this page, with the role, version and sha256 to confirm.
                </p>
              ) : null}
              {keyFile?.encrypted !== false && !mainAsks ? (
                <Field label="Passphrase" hint="Used once to unlock the key for this signature; never stored." error={secretError}>
                  <input type="password" autoComplete="off" ref={secretRef} value={secret} onChange={(e) => setSecret(e.target.value)} disabled={busy} />
                </Field>
              ) : null}
            </>
          ) : (
            <>
              <Field label="Token key" hint={tokenList && !tokenList.available ? (tokenList.message ?? undefined) : 'The key on your token that the bundle asks for.'}>
                <select
                  value={token ? `${token.tokenRef}|${token.tokenKeyRef}` : ''}
                  onChange={(e) => {
                    const [tokenRef, tokenKeyRef] = e.target.value.split('|');
                    signing.getState().chooseToken(tokenRef && tokenKeyRef ? { tokenRef, tokenKeyRef } : null);
                  }}
                >
                  <option value="">{tokenKeys.length ? 'Choose a token key' : 'No token key found'}</option>
                  {tokenKeys.map((k) => (
                    <option key={k.value} value={k.value}>
                      {k.label}
                    </option>
                  ))}
                </select>
              </Field>
              {token ? <TokenHealthNotes health={tokenList?.tokens.find((t) => t.tokenRef === token.tokenRef)?.health} /> : null}
              <div className="field">
                <button type="button" onClick={() => void tokens.getState().refresh()} disabled={busy}>
                  Refresh tokens
                </button>
              </div>
              {mainAsks ? (
                <p className="muted" data-testid="secret-asked-by-main">
                  The PIN is asked {asksWhere} when you sign, outside this page. Too many wrong PINs lock the token.
                </p>
              ) : (
                <Field label="PIN" hint="Used once for this signature; never stored. Too many wrong PINs lock the token." error={secretError}>
                  <input type="password" autoComplete="off" inputMode="numeric" ref={secretRef} value={secret} onChange={(e) => setSecret(e.target.value)} disabled={busy} />
                </Field>
              )}
            </>
          )}

          {touch ? (
            <p className="touch-now" role="alert">
              Touch your key now.
            </p>
          ) : null}
          {busy && !touch ? <Progress label={signProgress?.message ?? 'Signing and verifying'} fraction={progressFraction(signProgress)} /> : null}
          {otherSigning ? <p className="muted">Another item is being signed; sign this one when that signature is done.</p> : null}
          <ErrorNotice error={sign.error} title="Not signed" focus={!secretError} />

          <div className="actions">
            <button type="submit" className="primary" disabled={!canSubmit}>
              Sign with this key
            </button>
          </div>
        </form>
      )}
    </>
  );
}
