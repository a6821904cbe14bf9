// Ceremony wizards: bootstrap (a new RSTUF repository's first root) and metadata update (rotate
// root keys, change threshold, expiry or the online key). One question per step with RSTUF's rule
// next to it; main checks everything before the payload is built, then it is reviewed and signed
// like any other import.
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useStores } from '../../stores/context.js';
import { BOOTSTRAP_STEPS, UPDATE_STEPS } from '../../stores/ceremony.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { BootstrapSteps } from './BootstrapSteps.js';
import { UpdateSteps } from './UpdateSteps.js';
import { CheckStep } from './CheckStep.js';

export function CeremonyScreen() {
  const { ceremony, keys } = useStores();
  const c = useStore(ceremony);
  useEffect(() => {
    void keys.getState().refresh();
  }, [keys]);

  if (!c.mode) {
    return (
      <>
        <ScreenHeader title="Ceremonies" lead="Create what RSTUF needs from its offline key holders, step by step. Nothing is written until you check the answers; then you review and sign it like any import." />
        <div className="grid-2">
          <section className="card" aria-labelledby="boot-h">
            <h2 id="boot-h">Bootstrap a new repository</h2>
            <p>Choose the root keys and their threshold, the online key and expiry periods. Produces RSTUF’s bootstrap payload with root version 1.</p>
            <button type="button" className="primary" onClick={() => c.start('bootstrap')}>
              Start bootstrap
            </button>
          </section>
          <section className="card" aria-labelledby="upd-h">
            <h2 id="upd-h">Update the root</h2>
            <p>Add or remove root keys, change the threshold, the expiry or the online key. The new root needs signatures from the old and the new root keys.</p>
            <button type="button" className="primary" onClick={() => c.start('update')}>
              Start metadata update
            </button>
          </section>
        </div>
      </>
    );
  }

  const steps = c.mode === 'bootstrap' ? BOOTSTRAP_STEPS : UPDATE_STEPS;
  const last = steps.length - 1;
  return (
    <>
      <ScreenHeader title={c.mode === 'bootstrap' ? 'Bootstrap ceremony' : 'Metadata update'} lead={`Step ${c.step + 1} of ${steps.length}: ${steps[c.step]}`} />
      <ol className="steps" aria-label="Steps">
        {steps.map((s, i) => (
          <li key={s} aria-current={i === c.step ? 'step' : undefined} className={i < c.step ? 'done' : undefined}>
            {i + 1}. {s}
          </li>
        ))}
      </ol>
      <section className="card" aria-label={`Step ${c.step + 1}: ${steps[c.step]}`}>
        {c.step === last ? <CheckStep /> : c.mode === 'bootstrap' ? <BootstrapSteps step={c.step} /> : <UpdateSteps step={c.step} />}
        <ErrorNotice error={c.error} title="The ceremony could not continue" />
        <div className="actions">
          {c.step > 0 ? (
            <button type="button" onClick={() => c.goToStep(c.step - 1)}>
              Back
            </button>
          ) : null}
          {c.step < last ? (
            <button type="button" className="primary" onClick={() => c.goToStep(c.step + 1)}>
              Next: {steps[c.step + 1]}
            </button>
          ) : null}
          <button type="button" className="link" onClick={() => c.cancel()}>
            Cancel the ceremony
          </button>
        </div>
      </section>
    </>
  );
}
