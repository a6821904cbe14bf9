// A wizard input with RSTUF's rule beside it and main's validation messages under it.
import { useId, type ReactElement, cloneElement } from 'react';

export interface RuleFieldProps {
  label: string;
  rule: string;
  messages?: string[];
  children: ReactElement<Record<string, unknown>>;
}

export function RuleField({ label, rule, messages = [], children }: RuleFieldProps) {
  const id = useId();
  const ruleId = `${id}-rule`;
  const msgId = `${id}-msg`;
  return (
    <div className="wizard-field">
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {cloneElement(children, {
          id,
          'aria-describedby': messages.length ? `${ruleId} ${msgId}` : ruleId,
          'aria-invalid': messages.length ? true : undefined,
        })}
        {messages.length ? (
          <div id={msgId}>
            {messages.map((m) => (
              <p key={m} className="field-error">
                {m}
              </p>
            ))}
          </div>
        ) : null}
      </div>
      <p className="rule" id={ruleId}>
        {rule}
      </p>
    </div>
  );
}
