import type { ReactElement } from 'react';
import { formatDateTime } from '../lib/format';

/** A date-time for people, with the exact value in the markup. */
export function Time(props: { value: string | null | undefined; dateOnly?: boolean }): ReactElement {
  if (!props.value) return <span className="muted">—</span>;
  return <time dateTime={props.value}>{formatDateTime(props.value, props.dateOnly)}</time>;
}
