import { useId, type ReactElement, type ReactNode } from 'react';

/** Schema messages are written to follow a field name ("say what happened"); alone, they start a sentence. */
const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

type TControlProps = { id: string; 'aria-invalid': boolean | undefined; 'aria-describedby': string | undefined };

/** A label, a control, an optional hint and an inline error, wired by ids (one control per field). */
export function Field(props: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  children: (control: TControlProps) => ReactElement;
}): ReactElement {
  const id = useId();
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.hint ? (
        <span className="hint" id={hintId}>
          {props.hint}
        </span>
      ) : null}
      {props.children({ id, 'aria-invalid': props.error ? true : undefined, 'aria-describedby': describedBy })}
      {props.error ? (
        <span className="error" id={errorId}>
          {sentence(props.error)}
        </span>
      ) : null}
    </div>
  );
}
