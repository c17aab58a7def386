import type { ReactElement, ReactNode } from 'react';

/**
 * A horizontally scrollable frame for a wide table: focusable and named, so keyboard users can
 * scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable).
 */
export function TableWrap(props: { label: string; children: ReactNode }): ReactElement {
  return (
    <div className="table-wrap" role="region" aria-label={props.label} tabIndex={0}>
      {props.children}
    </div>
  );
}
