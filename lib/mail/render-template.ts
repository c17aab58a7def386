/**
 * MJML templates: compiled once per immutable template version, then filled per lead.
 *
 * Placeholders are `{{ lead.firstName }}`. Only the names in TEMPLATE_VARIABLES exist; any other
 * name is rejected when the template is compiled (at save/publish time), never at send time.
 * Values are inserted after compilation, HTML-escaped in the HTML part and verbatim in the text
 * part and subject, so lead data can never become template code, MJML or markup.
 */
import mjml2html from 'mjml';
import { convert } from 'html-to-text';
import { AppError } from '../errors';

export const TEMPLATE_VARIABLES = [
  'lead.firstName',
  'lead.lastName',
  'lead.fullName',
  'lead.company',
  'lead.email',
  'sender.name',
  'unsubscribeUrl',
  // Filled at send time from the database, only when a template uses them (domain/templates/load-template-extras.ts).
  'owner.name',
  'offer.name',
  'offer.price',
  'offer.url',
  'referral.code',
  'referral.url',
  'reward.description',
  'holiday.name',
  'refusal.url',
] as const;

/** The variables that need a database read (offers, referral, reward, holiday, questionnaire). */
export type TExtraVariable = Exclude<
  TTemplateVariable,
  'lead.firstName' | 'lead.lastName' | 'lead.fullName' | 'lead.company' | 'lead.email' | 'sender.name' | 'unsubscribeUrl'
>;

export type TTemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
/** The extras are optional: a missing one renders empty. */
export type TTemplateContext = Record<Exclude<TTemplateVariable, TExtraVariable>, string> & Partial<Record<TExtraVariable, string>>;

/** "First Last", or just the first name. */
export const fullNameOf = (person: { firstName: string; lastName?: string | null }) =>
  [person.firstName, person.lastName].filter(Boolean).join(' ');

/** The values every template can use, for one recipient: the one place they are assembled. */
export function templateContextFor(
  person: { firstName: string; lastName?: string | null; company?: string | null; email: string },
  sender: { name: string; unsubscribeUrl: string },
): TTemplateContext {
  return {
    'lead.firstName': person.firstName,
    'lead.lastName': person.lastName ?? '',
    'lead.fullName': fullNameOf(person),
    'lead.company': person.company ?? '',
    'lead.email': person.email,
    'sender.name': sender.name,
    unsubscribeUrl: sender.unsubscribeUrl,
  };
}

/** A compiled part: literal text and variable names, alternating. */
type TPart = { literal: string } | { variable: TTemplateVariable };

export type TCompiledTemplate = { subject: TPart[]; html: TPart[]; text: TPart[]; variables: TTemplateVariable[] };
export type TRenderedEmail = { subject: string; html: string; text: string };

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g;
const KNOWN = new Set<string>(TEMPLATE_VARIABLES);

function split(source: string): TPart[] {
  const parts: TPart[] = [];
  let last = 0;
  for (const match of source.matchAll(PLACEHOLDER)) {
    parts.push({ literal: source.slice(last, match.index) });
    parts.push({ variable: match[1] as TTemplateVariable });
    last = match.index + match[0].length;
  }
  parts.push({ literal: source.slice(last) });
  return parts;
}

/** The variable names a template uses, and those it uses that do not exist. */
export function findVariables(...sources: string[]): { used: string[]; unknown: string[] } {
  const used = new Set<string>();
  for (const source of sources) for (const m of source.matchAll(PLACEHOLDER)) used.add(m[1] as string);
  return { used: [...used], unknown: [...used].filter((v) => !KNOWN.has(v)) };
}

export async function compileTemplate(source: { subject: string; mjml: string }): Promise<TCompiledTemplate> {
  const problems: string[] = [];
  if (/<mj-include\b/i.test(source.mjml)) problems.push('mjml: <mj-include> is not allowed (templates are self-contained)');
  const { used, unknown } = findVariables(source.subject, source.mjml);
  for (const name of unknown) problems.push(`unknown variable {{${name}}} (known: ${TEMPLATE_VARIABLES.join(', ')})`);
  if (problems.length) throw new AppError('TEMPLATE_INVALID', 'Template is invalid', { details: problems });

  let html: string;
  try {
    const result = await mjml2html(source.mjml, { validationLevel: 'strict', keepComments: false, fonts: {} });
    html = result.html;
  } catch (cause) {
    const errors = (cause as { errors?: { formattedMessage: string }[] }).errors;
    throw new AppError('TEMPLATE_INVALID', 'Template is invalid', {
      details: errors?.length ? errors.map((e) => `mjml: ${e.formattedMessage}`) : [`mjml: ${(cause as Error).message}`],
      cause,
    });
  }
  const text = convert(html, {
    wordwrap: 78,
    selectors: [
      { selector: 'img', format: 'skip' },
      ...(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const).map((selector) => ({ selector, options: { uppercase: false } })),
    ],
  });
  return { subject: split(source.subject), html: split(html), text: split(text), variables: used as TTemplateVariable[] };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

function fill(parts: TPart[], context: TTemplateContext, escape: (v: string) => string): string {
  let out = '';
  for (const part of parts) out += 'literal' in part ? part.literal : escape(context[part.variable] ?? '');
  return out;
}

export function renderCompiled(compiled: TCompiledTemplate, context: TTemplateContext): TRenderedEmail {
  // Header values: no line breaks may reach a header, whatever the lead typed.
  const oneLine = (v: string) => v.replace(/[\r\n]+/g, ' ');
  return {
    subject: fill(compiled.subject, context, oneLine).trim(),
    html: fill(compiled.html, context, escapeHtml),
    text: fill(compiled.text, context, (v) => v),
  };
}

/** Compiled templates by immutable version id; a bounded LRU. */
export class TemplateCache {
  private readonly entries = new Map<string, Promise<TCompiledTemplate>>();
  compilations = 0;

  constructor(private readonly capacity = 500) {}

  get(id: string, source: { subject: string; mjml: string }): Promise<TCompiledTemplate> {
    const hit = this.entries.get(id);
    if (hit) {
      this.entries.delete(id);
      this.entries.set(id, hit);
      return hit;
    }
    this.compilations++;
    const compiled = compileTemplate(source);
    compiled.catch(() => this.entries.delete(id));
    this.entries.set(id, compiled);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return compiled;
  }
}
