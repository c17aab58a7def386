import type { ReactElement, ReactNode } from 'react';
import { errorMessage } from '../api/errors';
import { useT } from '../lib/i18n';

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
  const t = useT();
  return (
    <p className="muted" role="status">
      {props.label ?? t('common.loading')}
    </p>
  );
}

/** A failed query: the server's message and a way to try again. */
export function QueryError(props: { error: unknown; retry?: () => void; what?: string }): ReactElement {
  const t = useT();
  return (
    <div className="alert" role="alert">
      <p>
        {props.what ? t('common.couldNotLoad', { what: props.what }) : ''}
        {errorMessage(props.error)}
      </p>
      {props.retry ? (
        <button type="button" className="button button--secondary" onClick={props.retry}>
          {t('common.tryAgain')}
        </button>
      ) : null}
    </div>
  );
}
