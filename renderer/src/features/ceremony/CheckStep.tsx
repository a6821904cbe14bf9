// Last wizard step: main checks every answer by RSTUF's rules and says what it would build (root
// keys and threshold, expiry, online key, bins) with the same warnings the review will show (a
// lowered threshold is a danger here already). Errors block, each with a way back to its step.
import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { useStores } from '../../stores/context.js';
import { BOOTSTRAP_STEPS, UPDATE_STEPS } from '../../stores/ceremony.js';
import { stepOfField, type StepContext } from '../../stores/ceremony-steps.js';
import { Progress } from '../../components/Progress.js';
import { Notices } from '../../components/Notices.js';
import { FileText } from '../../components/FileText.js';
import { SummaryFacts } from './SummaryFacts.js';
import { signaturesWord } from './ChangeAnswers.js';

export function CheckStep({ ctx }: { ctx: StepContext }) {
  const { ceremony, workspace, review, navigation } = useStores();
  const c = useStore(ceremony);
  const replacing = useStore(workspace, (s) => (c.editing ? (s.items.find((i) => i.id === c.editing) ?? null) : null));
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ceremony.getState().validation) void ceremony.getState().validate(ctx);
  }, [ceremony, ctx]);
  // The answer to the check is where the holder reads next: focus moves to it.
  useEffect(() => {
    if (c.validation) resultRef.current?.focus();
  }, [c.validation]);

  const create = async () => {
    const replaces = ceremony.getState().editing;
    const item = await ceremony.getState().create(ctx);
    if (!item) return;
    await workspace.getState().refresh();
    // Changed answers: the new payload takes the old item's place. Closing it the way Home does makes
    // every store forget the old review, confirmation and sign result, so none shows on the new item.
    if (replaces && workspace.getState().items.some((i) => i.id === replaces)) await workspace.getState().remove(replaces);
    workspace.getState().select(item.id);
    void review.getState().load(item.id);
    navigation.getState().go('review');
  };

  const v = c.validation;
  const steps = c.mode === 'update' ? UPDATE_STEPS : BOOTSTRAP_STEPS;
  const errors = v?.messages.filter((m) => m.severity === 'error') ?? [];
  const warnings = v?.messages.filter((m) => m.severity === 'warning') ?? [];
  const firstWrongStep = errors.length ? Math.min(...errors.map((m) => stepOfField(c.mode ?? 'bootstrap', m.field))) : null;
  const serious = v?.notices.some((n) => n.severity !== 'info') ?? false;
  const dropping = replacing?.signaturesAdded ?? 0;
  const buildLabel = replacing ? `Build again and review it${dropping > 0 ? ` (drops ${signaturesWord(dropping)})` : ''}` : 'Create the payload and review it';
  return (
    <>
      {c.busy && !v ? <Progress label="Checking the answers by RSTUF's rules" /> : null}
      <div ref={resultRef} tabIndex={-1} className="check-result" data-testid="check-result">
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
            {firstWrongStep !== null ? (
              <button type="button" onClick={() => ceremony.getState().goToStep(firstWrongStep)}>
                Back to step {firstWrongStep + 1}: {steps[firstWrongStep]}
              </button>
            ) : null}
          </div>
        ) : null}
        {v ? <Notices notices={v.notices} title={c.mode === 'update' ? 'The new root' : 'The bootstrap root'} /> : null}
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
        {v && v.valid ? <p className="notice success">{serious || warnings.length ? 'Every rule is met, but read the warnings above before you build it.' : 'Every rule is met.'}</p> : null}
      </div>
      {v && v.summary.length > 0 ? (
        <section aria-labelledby="build-summary-h">
          <h3 id="build-summary-h">What will be built</h3>
          <SummaryFacts lines={v.summary} testId="build-summary" />
        </section>
      ) : null}
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
        <button type="button" onClick={() => void ceremony.getState().validate(ctx)} disabled={c.busy}>
          Check again
        </button>
        <button type="button" className="primary" disabled={!v?.valid || c.busy} onClick={() => void create()}>
          {buildLabel}
        </button>
      </div>
      <section aria-labelledby="change-answers-h">
        <h3 id="change-answers-h">Change answers</h3>
        <p>Every answer is kept: change any step, then come back here to check and build.</p>
        <div className="actions">
          {steps.slice(0, -1).map((name, i) => (
            <button key={name} type="button" onClick={() => ceremony.getState().goToStep(i)}>
              Change step {i + 1}: {name}
            </button>
          ))}
        </div>
      </section>
    </>
  );
}
