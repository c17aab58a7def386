import { isAppError } from '../../lib/errors';
import { compileTemplate, findVariables } from '../../lib/mail/render-template';
import type { TTemplateCheck } from './schemas';

const UNKNOWN = /^unknown variable \{\{(.+?)\}\}/;
const MJML_LINE = /^mjml: Line (\d+) of .*? \((.+?)\) — (.*)$/;

/** The 1-based line of the first `{{ name }}` in the MJML, or null (it is only in the subject). */
function lineOf(mjml: string, variable: string): number | null {
  const escaped = variable.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const at = new RegExp(`\\{\\{\\s*${escaped}\\s*\\}\\}`).exec(mjml)?.index;
  return at === undefined ? null : mjml.slice(0, at).split('\n').length;
}

/**
 * Compiles a draft as saving would and reports every problem instead of throwing: unknown
 * variables (with the line of their first use, or the subject), <mj-include>, invalid MJML (with
 * its line). The messages are the compiler's own, so the console shows what a save would answer.
 */
export async function checkTemplate(source: { subject: string; mjml: string }): Promise<TTemplateCheck> {
  const used = findVariables(source.subject, source.mjml).used;
  try {
    await compileTemplate(source);
    return { valid: true, problems: [], used };
  } catch (error) {
    if (!isAppError(error) || error.code !== 'TEMPLATE_INVALID' || !Array.isArray(error.details)) throw error;
    const problems = (error.details as string[]).map((detail) => {
      const unknown = UNKNOWN.exec(detail);
      if (unknown?.[1]) {
        const line = lineOf(source.mjml, unknown[1]);
        return { message: line === null ? `subject: ${detail}` : detail, line, variable: unknown[1] };
      }
      // The compiler names the server's working directory as the "file": not the user's business.
      const mjml = MJML_LINE.exec(detail);
      if (mjml) return { message: `mjml: <${mjml[2]}> ${mjml[3]}`, line: Number(mjml[1]), variable: null };
      return { message: detail, line: null, variable: null };
    });
    return { valid: false, problems, used };
  }
}
