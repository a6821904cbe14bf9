// Home: import (main's dialogs, or drag and drop of a bundle folder / RSTUF file), what is open,
// the trust store's pinned root, connected tokens and the latest signatures made on this laptop.
import { useEffect, useState, type DragEvent } from 'react';
import { useStore } from 'zustand';
import { useStores } from '../../stores/context.js';
import type { WorkspaceItem } from '../../../../shared/ipc/schemas.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Progress } from '../../components/Progress.js';
import { progressFraction } from '../../stores/progress.js';
import { formatTime } from '../../components/format.js';
import { DropError, readDrop } from './drop.js';
import { TrustCard } from './TrustCard.js';
import { FileText, fileText } from '../../components/FileText.js';
import { TokenHealthNotes } from '../token-health/TokenHealthNotes.js';
import { STANDING_BADGE, type RoleStanding } from '../../../../shared/review/words.js';

export function HomeScreen() {
  const stores = useStores();
  const { workspace, navigation, tokens, audit, review } = stores;
  const ws = useStore(workspace);
  const importProgress = useStore(stores.progress, (s) => (ws.importing ? s.byOperation[ws.importing] : undefined));
  const tokenState = useStore(tokens);
  const auditLog = useStore(audit, (s) => s.log);
  const go = useStore(navigation, (s) => s.go);
  const metByItem = useStore(review, (s) => s.metByItem);
  const [dragging, setDragging] = useState(false);
  const [closing, setClosing] = useState<string | null>(null);

  useEffect(() => {
    void workspace.getState().refresh();
    void tokens.getState().refresh();
    void audit.getState().load();
  }, [workspace, tokens, audit]);

  const openReview = (id: string) => {
    workspace.getState().select(id);
    void review.getState().load(id);
    go('review');
  };

  useEffect(() => {
    if (closing) document.querySelector<HTMLElement>('[data-keep-open]')?.focus();
  }, [closing]);

  // The closed item's row is gone: focus goes to the import heading's first control, not <body>.
  const closeItem = async (id: string) => {
    await workspace.getState().remove(id);
    setClosing(null);
    document.querySelector<HTMLElement>('#import-heading + .row button')?.focus();
  };

  const importWith = async (pick: 'file' | 'folder', button: HTMLElement) => {
    const item = await workspace.getState().importWithDialog(pick);
    if (item) openReview(item.id);
    // Closed without a choice: the button (disabled while the dialog was open) takes focus back.
    else if (!workspace.getState().error) requestAnimationFrame(() => button.focus());
  };

  const onDrop = async (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    try {
      const content = await readDrop(event.dataTransfer);
      const item = await workspace.getState().importDropped(content.files, content.folderName);
      if (item) openReview(item.id);
    } catch (e) {
      const message = e instanceof DropError ? e.message : `the drop could not be read (${e instanceof Error ? e.message : String(e)})`;
      workspace.getState().reportError({ code: 'INPUT_UNREADABLE', message });
    }
  };

  return (
    <>
      <ScreenHeader
        title="Home"
        lead="Bring in what the online RSTUF side prepared (a bundle folder or an RSTUF file from the USB stick), check it in Review, sign, and export it back."
      />

      <section className="card" aria-labelledby="import-heading">
        <h2 id="import-heading">Import</h2>
        <div className="row">
          <button type="button" className="primary" onClick={(e) => void importWith('folder', e.currentTarget)} disabled={ws.importing !== null}>
            Open a bundle folder…
          </button>
          <button type="button" onClick={(e) => void importWith('file', e.currentTarget)} disabled={ws.importing !== null}>
            Open an RSTUF file…
          </button>
        </div>
        <div
          className={`dropzone${dragging ? ' active' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => void onDrop(e)}
          data-testid="dropzone"
        >
          <p>…or drop a bundle folder or an RSTUF JSON file here.</p>
        </div>
        {ws.importing ? <Progress label={importProgress?.message ?? 'Importing and checking hashes'} fraction={progressFraction(importProgress)} /> : null}
        <ErrorNotice error={ws.error} title="Import failed" focus />
      </section>

      {ws.items.length > 0 ? (
        <section className="card" aria-labelledby="open-heading">
          <h2 id="open-heading">Open items</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">What it is</th>
                  <th scope="col">To sign</th>
                  <th scope="col">Fingerprint</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {ws.items.map((item) => (
                  <tr key={item.id} aria-current={item.id === ws.currentId ? 'true' : undefined}>
                    <td>
                      <FileText text={item.displayName} />
                    </td>
                    <td>{item.kindLabel}</td>
                    <td>
                      <RolesToSign item={item} met={metByItem[item.id]} />
                    </td>
                    <td className="mono">{item.fingerprintShort}</td>
                    <td>
                      <div className="row">
                        <button type="button" onClick={() => openReview(item.id)} aria-label={`Review ${itemLabel(item, ws.items)}`}>
                          Review
                        </button>
                        {closing === item.id ? (
                          <>
                            {/* Focus moves to "Keep it open": a second Enter keeps the signatures. */}
                            <button type="button" data-keep-open="" onClick={() => setClosing(null)}>
                              Keep it open
                            </button>
                            <button type="button" className="danger" onClick={() => void closeItem(item.id)}>
                              Close and drop {item.signaturesAdded} {item.signaturesAdded === 1 ? 'signature' : 'signatures'}{' '}
                              <span className="visually-hidden">
                                of <FileText text={item.displayName} />
                              </span>
                            </button>
                          </>
                        ) : (
                          <button
                            type="button"
                            className="danger"
                            // Signatures made here live only in this item until exported: closing it asks twice.
                            onClick={() => (item.signaturesAdded > 0 ? setClosing(item.id) : void closeItem(item.id))}
                            aria-label={`Close ${itemLabel(item, ws.items)}`}
                          >
                            Close
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <div className="grid-2">
        <TrustCard />

        <section className="card" aria-labelledby="tokens-heading">
          <h2 id="tokens-heading">Connected tokens</h2>
          {tokenState.loading && !tokenState.list ? <Progress label="Looking for tokens" /> : null}
          {tokenState.list && !tokenState.list.available ? <p>{tokenState.list.message}</p> : null}
          {tokenState.list?.available && tokenState.list.tokens.length === 0 ? <p>No token is connected. Plug in your security key and choose Refresh.</p> : null}
          {tokenState.list?.tokens.length ? (
            <ul className="changes">
              {tokenState.list.tokens.map((t) => (
                <li key={t.tokenRef}>
                  <strong>
                    <FileText text={t.label} />
                  </strong>{' '}
                  (<FileText text={`${t.model} #${t.serial}`} />): {t.keys.length} {t.keys.length === 1 ? 'key' : 'keys'}
                  <TokenHealthNotes health={t.health} />
                </li>
              ))}
            </ul>
          ) : null}
          {tokenState.lastDeviceChange ? <p className="muted" role="status">{tokenState.lastDeviceChange}</p> : null}
          <ErrorNotice error={tokenState.error} title="Tokens could not be listed" />
          <div className="actions">
            <button type="button" onClick={() => void tokens.getState().refresh()}>
              Refresh tokens
            </button>
            <button type="button" onClick={() => void tokens.getState().chooseModule()}>
              Use another PKCS#11 module…
            </button>
          </div>
        </section>
      </div>

      <section className="card" aria-labelledby="recent-heading">
        <h2 id="recent-heading">Recent signatures on this laptop</h2>
        {auditLog && auditLog.entries.length > 0 ? (
          <ul className="changes">
            {auditLog.entries.slice(0, 5).map((e) => (
              <li key={e.seq}>
                {formatTime(e.time)}: <FileText text={e.keyName} /> signed <FileText text={e.role} /> v{e.version} of <FileText text={e.repository} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No signatures yet.</p>
        )}
        <button type="button" className="link" onClick={() => go('audit')}>
          Open the audit log
        </button>
      </section>
    </>
  );
}

const STANDING_CLASS: Record<RoleStanding, string> = { met: 'badge ok', online: 'badge ok', elsewhere: 'badge', waiting: 'badge warn' };

/**
 * "root v2: waiting for signatures" only for a role known (from its review) to need a signature an
 * offline key can add; "threshold met" once it is met; a role RSTUF's online key signs, or whose
 * remaining keys sign elsewhere (Sigstore), says so instead (roleStanding, the review's reading);
 * just the role before the item was reviewed here.
 */
function RolesToSign({ item, met }: { item: WorkspaceItem; met: Record<string, RoleStanding> | undefined }) {
  if (item.roles.length === 0) return <>nothing</>;
  return (
    <ul className="plain-list">
      {item.roles.map((r) => {
        const standing = met?.[r.role];
        return (
          <li key={r.role}>
            <FileText text={`${r.role} v${r.version}`} />
            {standing === undefined ? null : <span className={STANDING_CLASS[standing]}>{STANDING_BADGE[standing]}</span>}
          </li>
        );
      })}
    </ul>
  );
}

/** The item's name for its buttons; items of the same name also say what they hold and their fingerprint. */
function itemLabel(item: WorkspaceItem, items: WorkspaceItem[]): string {
  const name = fileText(item.displayName);
  if (items.filter((i) => i.displayName === item.displayName).length < 2) return name;
  const roles = item.roles.map((r) => `${r.role} v${r.version}`).join(', ') || item.kindLabel;
  return `${name} (${fileText(roles)}, fingerprint ${item.fingerprintShort})`;
}

