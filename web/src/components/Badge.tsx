import type { ReactElement } from 'react';

/** A status, heat or state as a coloured pill; the text is the information, the colour only repeats it. */
export function Badge(props: { value: string; label?: string }): ReactElement {
  return <span className={`badge badge--${props.value}`}>{props.label ?? humanize(props.value)}</span>;
}

const ACRONYMS = new Set(['MQL', 'SQL']);

/** `MEETING_BOOKED` / `meeting_booked` → "Meeting booked"; MQL and SQL stay upper case. */
export function humanize(value: string): string {
  if (ACRONYMS.has(value)) return value;
  const words = value.replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
