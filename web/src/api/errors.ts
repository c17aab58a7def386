/** Every API error body: `{ error: { code, message, issues? } }` (api/routes/error-schema.ts). */
export type TApiIssue = { path: string; message: string };

/** A failed API call, carrying the server's own message (shown to the user as it is). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly TApiIssue[] = [],
  ) {
    super(message);
  }

  /** The problem with one field (`body.result` → its message), for inline form errors. */
  issueFor(field: string): string | undefined {
    return this.issues.find((i) => i.path === field || i.path.endsWith(`.${field}`))?.message;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The ApiError for a non-2xx response body (JSON or not). */
export function toApiError(status: number, body: unknown): ApiError {
  const error = isRecord(body) && isRecord(body['error']) ? body['error'] : undefined;
  const code = typeof error?.['code'] === 'string' ? error['code'] : status >= 500 ? 'INTERNAL' : 'HTTP_ERROR';
  // A domain check's reasons (AppError details), e.g. ["url: 10.0.0.1 is a … private … address"]: part of the message, and issues by field.
  const details = Array.isArray(error?.['details']) ? error['details'].filter((d): d is string => typeof d === 'string') : [];
  const message =
    typeof error?.['message'] === 'string'
      ? details.length
        ? `${error['message']}: ${details.join('; ')}`
        : error['message']
      : status >= 500
        ? 'The server had a problem; try again in a moment.'
        : `The request failed (HTTP ${status}).`;
  const issues = Array.isArray(error?.['issues'])
    ? error['issues'].filter((i): i is TApiIssue => isRecord(i) && typeof i['path'] === 'string' && typeof i['message'] === 'string')
    : [];
  for (const detail of details) {
    const field = /^([\w.[\]]+): (.+)$/s.exec(detail);
    if (field) issues.push({ path: field[1]!, message: field[2]! });
  }
  return new ApiError(status, code, message, issues);
}

/** A message for anything a query or mutation threw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return 'The server could not be reached; check your connection and try again.';
  return error instanceof Error ? error.message : 'Something went wrong.';
}
