/**
 * Whether a database error is a unique violation (SQLSTATE 23505), however it reached us: Prisma's
 * model API says P2002 on PostgreSQL, a raw statement says P2010 with the driver's cause (kind
 * `UniqueConstraintViolation`, or the SQLSTATE), and the PGlite adapter throws its DriverAdapterError
 * with the SQLSTATE as the cause's code. Callers that resolve a race by reading the winner's row
 * ask this instead of testing one of those shapes (ADR-053).
 */
type TDriverCause = { kind?: string; code?: string; originalCode?: string };

export function isUniqueViolation(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const err = e as { code?: unknown; meta?: { driverAdapterError?: { cause?: TDriverCause } }; cause?: unknown };
  if (err.code === 'P2002') return true;
  const cause = (err.meta?.driverAdapterError?.cause ?? (typeof err.cause === 'object' ? err.cause : undefined)) as
    TDriverCause | undefined;
  return cause?.kind === 'UniqueConstraintViolation' || cause?.code === '23505' || cause?.originalCode === '23505';
}
