import type { ReactElement } from 'react';
import { useT, type TT } from '../lib/i18n';

/** A status, heat or state as a coloured pill; the text is the information, the colour only repeats it. */
export function Badge(props: { value: string; label?: string }): ReactElement {
  const t = useT();
  return <span className={`badge badge--${props.value}`}>{props.label ?? valueLabel(t, props.value)}</span>;
}

const ACRONYMS = new Set(['MQL', 'SQL']);

/** `MEETING_BOOKED` / `meeting_booked` → "Meeting booked"; MQL and SQL stay upper case. */
export function humanize(value: string): string {
  if (ACRONYMS.has(value)) return value;
  const words = value.replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A stored value (a status, heat, source, event, outcome…) in words: the catalogue's
 * console.values.<value> when it has one, else the value humanized (a value the console does not
 * know yet still reads well).
 */
export function valueLabel(t: TT, value: string): string {
  return t.translator.has(`console.values.${value}`) ? t(`values.${value}`) : humanize(value);
}
