// Last wizard step: main checks every answer by RSTUF's rules; errors block, warnings are shown;
// then the payload is built, imported, and opened in Review (signing comes after review, as always).
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useStores } from '../../stores/context.js';
import { Progress } from '../../components/Progress.js';
import { FileText } from '../../components/FileText.js';

export function CheckStep() {
  const { ceremony, workspace, review, navigation } = useStores();
  const c = useStore(ceremony);
  useEffect(() => {
    if (!ceremony.getState().validation) void ceremony.getState().validate();
  }, [ceremony]);

  const create = async () => {
    const item = await ceremony.getState().create();
    if (!item) return;
    await workspace.getState().refresh();
    workspace.getState().select(item.id);
    void review.getState().load(item.id);
    navigation.getState().go('review');
  };

  const v = c.validation;
  const errors = v?.messages.filter((m) => m.severity === 'error') ?? [];
  const warnings = v?.messages.filter((m) => m.severity === 'warning') ?? [];
  return (
    <>
      <h2>Check the answers</h2>
      {c.busy && !v ? <Progress label="Checking the answers by RSTUF's rules" /> : null}
      {errors.length > 0 ? (
        <div className="notice error" role="alert">
          <p className="notice-title">Fix these before the payload can be built</p>
          <ul className="warnings-list">
            {errors.map((m, i) => (
              <li key={i}>
                <FileText text={m.message} /> <span className="error-code">({m.rule}, at {m.field})</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {warnings.length > 0 ? (
        <div className="notice warning">
          <p className="notice-title">Read these warnings</p>
          <ul className="warnings-list">
            {warnings.map((m, i) => (
              <li key={i}>
                <FileText text={m.message} /> <span className="error-code">({m.rule})</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {v && v.valid ? <p className="notice success">Every rule is met.</p> : null}
      {v && v.changes.length > 0 ? (
        <>
          <h3>What changes</h3>
          <ul className="changes">
            {v.changes.map((line) => (
              <li key={line}>
                <FileText text={line} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div className="actions">
        <button type="button" onClick={() => void ceremony.getState().validate()} disabled={c.busy}>
          Check again
        </button>
        <button type="button" className="primary" disabled={!v?.valid || c.busy} onClick={() => void create()}>
          Create the payload and review it
        </button>
      </div>
    </>
  );
}
