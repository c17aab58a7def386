/**
 * Phone numbers in E.164 (+358401234567), the form leads are deduplicated on. A number without
 * a country code is read in `defaultRegion` (DEFAULT_PHONE_REGION); without one it must start with +.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type TPhoneResult = { ok: true; e164: string } | { ok: false; message: string };

export function normalizePhone(raw: string, defaultRegion?: string): TPhoneResult {
  const text = raw.trim();
  if (!text.startsWith('+') && !text.startsWith('00') && !defaultRegion)
    return { ok: false, message: 'must be an international number starting with + (e.g. +358 40 123 4567)' };
  const parsed = parsePhoneNumberFromString(text.replace(/^00/, '+'), defaultRegion as CountryCode | undefined);
  if (!parsed || !parsed.isValid()) return { ok: false, message: `"${text}" is not a valid phone number` };
  return { ok: true, e164: parsed.number };
}
