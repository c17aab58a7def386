/**
 * Lead CSV files: a header row, then one lead per row. Known columns map to lead fields (names
 * are matched without case, spaces, dashes or underscores: "First name" = firstName); any other
 * column becomes a custom attribute. acquisitionCost is in currency units ("12.50"). This is what an
 * import without a mapping does; with one, see import-mapping.ts.
 */
import { AppError } from '../../lib/errors';
import { readCsvTable, type TCsvDelimiter, type TCsvTable } from './csv-file';

const COLUMNS: Record<string, string> = {
  email: 'email',
  firstname: 'firstName',
  lastname: 'lastName',
  company: 'company',
  phone: 'phone',
  locale: 'locale',
  language: 'locale',
  timezone: 'timeZone',
  source: 'source',
  channel: 'source',
  campaign: 'campaign',
  acquisitioncost: 'acquisitionCost',
  acquisitioncostcents: 'acquisitionCostCents',
  purchasetimeframe: 'purchaseTimeframe',
  timeframe: 'purchaseTimeframe',
  heat: 'heat',
  ownername: 'ownerName',
  owneremail: 'ownerEmail',
  referralcode: 'referralCode',
  consentsource: 'consentSource',
  consenttextversion: 'consentTextVersion',
  consentat: 'consentAt',
};
const key = (header: string) => header.toLowerCase().replace(/[\s_-]+/g, '');

/**
 * The file read by header names (an import without a mapping): it must have email and firstName
 * columns. The delimiter is detected (comma, semicolon or tab) unless given.
 */
export function parseLeadCsv(csv: string, options: { delimiter?: TCsvDelimiter | undefined } = {}): TCsvTable {
  const table = readCsvTable(csv, options);
  const { headers } = table;
  const fields = headers.map((h) => COLUMNS[key(h)]);
  const missing = ['email', 'firstName'].filter((f) => !fields.includes(f));
  if (missing.length) {
    throw new AppError('VALIDATION_FAILED', 'The CSV header is missing required columns', {
      details: missing.map((m) => `${m}: add a "${m}" column (found: ${headers.join(', ')})`),
    });
  }
  return table;
}

/** One CSV row as the body POST /leads would take (validated by the caller with ZLeadCreate). */
export function rowToLeadInput(headers: string[], row: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const attributes: Record<string, string> = {};
  const consent: Record<string, string> = {};
  headers.forEach((header, i) => {
    const value = row[i]?.trim() ?? '';
    if (value === '') return;
    const field = COLUMNS[key(header)];
    if (!field) {
      attributes[header.replace(/[^A-Za-z0-9_]/g, '_')] = value;
      return;
    }
    switch (field) {
      case 'source':
      case 'purchaseTimeframe':
      case 'heat':
        out[field] = value.toUpperCase().replace(/[\s-]+/g, '_');
        break;
      case 'acquisitionCost':
        out.acquisitionCostCents = /^\d+(\.\d{1,2})?$/.test(value) ? Math.round(Number(value) * 100) : value;
        break;
      case 'acquisitionCostCents':
        out.acquisitionCostCents = /^\d+$/.test(value) ? Number(value) : value;
        break;
      case 'consentSource':
        consent.source = value;
        break;
      case 'consentTextVersion':
        consent.textVersion = value;
        break;
      case 'consentAt':
        consent.occurredAt = value;
        break;
      default:
        out[field] = value;
    }
  });
  if (Object.keys(attributes).length) out.attributes = attributes;
  if (consent.source) out.consent = { purpose: 'marketing', ...consent };
  return out;
}
