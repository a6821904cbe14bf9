// A wizard input with RSTUF's rule beside it and the problems of its answer under it (this step's
// own check, then main's), tied to the input for screen readers. Only errors mark it invalid.
import { useId, type ReactElement, cloneElement } from 'react';
import type { FieldMessage } from '../../stores/ceremony-steps.js';
import { FileText } from '../../components/FileText.js';

export interface RuleFieldProps {
  label: string;
  rule: string;
  messages?: FieldMessage[];
  children: ReactElement<Record<string, unknown>>;
}

export function FieldMessages({ id, messages }: { id: string; messages: FieldMessage[] }) {
  if (messages.length === 0) return null;
  return (
    <div id={id}>
      {messages.map((m) => (
        <p key={`${m.field} ${m.message}`} className={m.severity === 'error' ? 'field-error' : 'field-warning'}>
          {m.severity === 'error' ? '' : 'Warning: '}
          <FileText text={m.message} /> <span className="error-code">({m.rule})</span>
        </p>
      ))}
    </div>
  );
}

export function RuleField({ label, rule, messages = [], children }: RuleFieldProps) {
  const id = useId();
  const ruleId = `${id}-rule`;
  const msgId = `${id}-msg`;
  const invalid = messages.some((m) => m.severity === 'error');
  return (
    <div className="wizard-field">
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {cloneElement(children, {
          id,
          'aria-describedby': messages.length ? `${msgId} ${ruleId}` : ruleId,
          'aria-invalid': invalid ? true : undefined,
        })}
        <FieldMessages id={msgId} messages={messages} />
      </div>
      <p className="rule" id={ruleId}>
        {rule}
      </p>
    </div>
  );
}
