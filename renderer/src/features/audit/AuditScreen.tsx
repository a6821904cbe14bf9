// Audit log: every signature made on this laptop (append-only, hash-chained; main re-checks the
// chain on every listing) and its export as JSON.
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useStores } from '../../stores/context.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { formatTime, shortHex } from '../../components/format.js';
import { FileText } from '../../components/FileText.js';
import { keySourceWords } from '../../../../shared/review/words.js';

export function AuditScreen() {
  const { audit } = useStores();
  const a = useStore(audit);
  useEffect(() => {
    void audit.getState().load(500);
  }, [audit]);

  return (
    <>
      <ScreenHeader title="Audit log" lead="Every signature made on this laptop: when, what, with which key. Entries are never edited; each one carries the hash of the one before." />
      {a.log ? (
        <div className={`notice ${a.log.chain.valid ? 'success' : 'error'}`} role={a.log.chain.valid ? undefined : 'alert'}>
          <p className="notice-title">{a.log.chain.valid ? 'The hash chain is intact' : 'The hash chain is broken'}</p>
          <p>
            {a.log.chain.message} ({a.log.total} {a.log.total === 1 ? 'entry' : 'entries'})
          </p>
        </div>
      ) : null}
      <div className="actions">
        <button type="button" onClick={() => void audit.getState().exportJson()}>
          Export as JSON…
        </button>
      </div>
      {a.message ? (
        <p role="status" className="notice success">
          {a.message}
        </p>
      ) : null}
      <ErrorNotice error={a.error} title="Audit log" />
      <section className="card" aria-labelledby="audit-entries">
        <h2 id="audit-entries">Signatures</h2>
        {a.log && a.log.entries.length > 0 ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Time</th>
                  <th scope="col">Repository</th>
                  <th scope="col">Role</th>
                  <th scope="col">Signed bytes (sha256)</th>
                  <th scope="col">Key</th>
                  <th scope="col">Key source</th>
                </tr>
              </thead>
              <tbody>
                {a.log.entries.map((e) => (
                  <tr key={e.seq}>
                    <td>{e.seq}</td>
                    <td>{formatTime(e.time)}</td>
                    <td>
                      <FileText text={e.repository} />
                    </td>
                    <td>
                      <FileText text={e.role} /> v{e.version}
                    </td>
                    <td className="mono">{shortHex(e.signedSha256, 16)}</td>
                    <td>
                      <FileText text={e.keyName} /> <span className="mono muted">{shortHex(e.keyid)}</span>
                    </td>
                    <td>
                      <FileText text={keySourceWords(e.keySource)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{a.loading ? 'Loading…' : 'No signatures have been made on this laptop yet.'}</p>
        )}
      </section>
    </>
  );
}
