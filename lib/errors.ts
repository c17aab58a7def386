/**
 * One error type for the whole product. Every failure a user can cause or meet carries a code;
 * the API maps codes to HTTP statuses in one place (httpStatusOf) and CLIs print one line.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  TEMPLATE_INVALID: 422,
  DEFINITION_INVALID: 422,
  CONFIG_INVALID: 500,
  DEPENDENCY_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type TErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly code: TErrorCode;
  readonly details: unknown;

  constructor(code: TErrorCode, message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code];
  }

  /** A single line for a terminal: message, then details joined. */
  toLine(): string {
    const details = Array.isArray(this.details) ? this.details.join('; ') : '';
    return details ? `${this.message}: ${details}` : this.message;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
