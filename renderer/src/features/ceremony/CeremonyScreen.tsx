// Ceremony wizards: bootstrap (a new RSTUF repository's first root) and metadata update (rotate
// root keys, change threshold, expiry or the online key). One question per step with RSTUF's rule
// next to it; main checks everything before the payload is built, then it is reviewed and signed
// like any other import.
import { useEffect, useMemo, useRef } from 'react';
import { useStore } from 'zustand';
import { useStores } from '../../stores/context.js';
import { BOOTSTRAP_STEPS, UPDATE_STEPS } from '../../stores/ceremony.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { BootstrapSteps } from './BootstrapSteps.js';
import { UpdateSteps } from './UpdateSteps.js';
import { CheckStep } from './CheckStep.js';
import { FileText } from '../../components/FileText.js';
import { signaturesWord } from './ChangeAnswers.js';

export function CeremonyScreen() {
  const { ceremony, keys, trust, workspace } = useStores();
  const c = useStore(ceremony);
  const replacing = useStore(workspace, (s) => (c.editing ? (s.items.find((i) => i.id === c.editing) ?? null) : null));
  const pinned = useStore(trust, (s) => s.state?.pinned ?? null);
  const ctx = useMemo(() => ({ pinned }), [pinned]);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const card = useRef<HTMLElement>(null);
  useEffect(() => {
    void keys.getState().refresh();
    void trust.getState().load();
  }, [keys, trust]);
  // A new step (or a started ceremony) is read from its heading; a refused Next lands on the first
  // field whose answer breaks a rule, so Enter pressed again cannot skip anything.
  // Arriving from another screen ("Change answers" on Review), the app focuses the screen's h1 after
  // this effect: the step heading takes focus again once that is done.
  useEffect(() => {
    if (!c.mode) return;
    stepHeading.current?.focus();
    const frame = requestAnimationFrame(() => stepHeading.current?.focus());
    return () => cancelAnimationFrame(frame);
  }, [c.mode, c.step]);
  useEffect(() => {
    if (c.refusals === 0) return;
    const invalid = card.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? stepHeading.current)?.focus();
  }, [c.refusals]);

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
        {steps.map((s, i) => {
          // Green only for a step behind the holder whose answers pass their rules.
          const done = i < c.step && c.stepValid(i + 1, ctx);
          return (
            <li key={s} aria-current={i === c.step ? 'step' : undefined} className={done ? 'done' : undefined}>
              {i + 1}. {s}
              {done ? <span className="visually-hidden"> (done)</span> : null}
            </li>
          );
        })}
      </ol>
      {replacing ? (
        <p className={replacing.signaturesAdded > 0 ? 'notice warning' : 'notice info'} data-testid="changing-answers">
          Changing the answers of <FileText text={replacing.displayName} />: building it again replaces that item
          {replacing.signaturesAdded > 0 ? ` and drops its ${signaturesWord(replacing.signaturesAdded)}` : ''}. Cancel keeps it as it is.
        </p>
      ) : null}
      <section className="card" aria-labelledby="ceremony-step-h" ref={card}>
        <h2 id="ceremony-step-h" ref={stepHeading} tabIndex={-1}>
          Step {c.step + 1}: {steps[c.step]}
        </h2>
        {c.step === last ? <CheckStep ctx={ctx} /> : c.mode === 'bootstrap' ? <BootstrapSteps step={c.step} ctx={ctx} /> : <UpdateSteps step={c.step} ctx={ctx} />}
        <ErrorNotice error={c.error} title="The ceremony could not continue" />
        <div className="actions">
          {c.step > 0 ? (
            <button type="button" onClick={() => c.goToStep(c.step - 1)}>
              Back
            </button>
          ) : null}
          {c.step < last ? (
            <button type="button" className="primary" onClick={() => c.next(ctx)}>
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
