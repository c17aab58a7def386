/**
 * What of a request URL may reach the logs: the path, with signed tokens (unsubscribe,
 * preferences, questionnaire, tracking, double opt-in) and the whole query string replaced.
 * Tokens open pages in a lead's name; query strings have carried keys.
 */
const TOKEN_PATHS = /^\/(u|p|q|t\/o|t\/c|confirm)\/[^/?#]+/;

export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  return path.replace(TOKEN_PATHS, (_m, prefix: string) => `/${prefix}/[token]`) + (q === -1 ? '' : '?[redacted]');
}
