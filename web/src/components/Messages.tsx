import type { ReactElement, ReactNode } from 'react';
import { errorMessage } from '../api/errors';

/** An error the user must see now: announced at once (role=alert). */
export function Alert(props: { children: ReactNode; title?: string }): ReactElement {
  return (
    <div className="alert" role="alert">
      {props.title ? <strong>{props.title} </strong> : null}
      {props.children}
    </div>
  );
}

/** A result, announced politely (role=status). */
export function Success(props: { children: ReactNode }): ReactElement {
  return (
    <div className="success" role="status">
      {props.children}
    </div>
  );
}

export function Loading(props: { label?: string }): ReactElement {
  return (
    <p className="muted" role="status">
      {props.label ?? 'Loading…'}
    </p>
  );
}

/** A failed query: the server's message and a way to try again. */
export function QueryError(props: { error: unknown; retry?: () => void; what?: string }): ReactElement {
  return (
    <div className="alert" role="alert">
      <p>
        {props.what ? `Could not load ${props.what}: ` : ''}
        {errorMessage(props.error)}
      </p>
      {props.retry ? (
        <button type="button" className="button button--secondary" onClick={props.retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
