/**
 * The shape of the console's `t` for pure modules (journey-state, kpi-tables, the editor's model…):
 * a plain .ts file, so the API's typecheck and the unit tests can import it without JSX.
 * `useT()` (i18n.tsx) gives one.
 */
import type { TMessageValues } from '../../../lib/i18n/translator';

export type TTranslate = (key: string, values?: TMessageValues) => string;
