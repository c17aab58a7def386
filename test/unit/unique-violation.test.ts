/**
 * isUniqueViolation (lib/db/unique-violation.ts) recognises a unique violation in each shape the
 * stack reports it (shapes recorded from real errors: Prisma 6.19 with @prisma/adapter-pg and
 * pglite-prisma-adapter), and nothing else.
 */
import { isUniqueViolation } from '../../lib/db/unique-violation';

describe('isUniqueViolation', () => {
  it('knows the model API on PostgreSQL (P2002)', () => {
    expect(isUniqueViolation({ code: 'P2002', meta: { modelName: 'Lead' } })).toBe(true);
  });

  it('knows a raw statement on PostgreSQL (P2010 with the driver cause)', () => {
    const e = { code: 'P2010', meta: { driverAdapterError: { cause: { originalCode: '23505', kind: 'UniqueConstraintViolation' } } } };
    expect(isUniqueViolation(e)).toBe(true);
  });

  it('knows a raw statement on PGlite (P2010 with the SQLSTATE as the cause code)', () => {
    expect(isUniqueViolation({ code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'postgres', code: '23505' } } } })).toBe(true);
  });

  it("knows the PGlite adapter's own error from the model API", () => {
    const e = Object.assign(new Error('duplicate key value violates unique constraint'), { cause: { kind: 'postgres', code: '23505' } });
    expect(isUniqueViolation(e)).toBe(true);
  });

  it('says no to other failures', () => {
    expect(
      isUniqueViolation({
        code: 'P2010',
        meta: { driverAdapterError: { cause: { originalCode: '23502', kind: 'NullConstraintViolation' } } },
      }),
    ).toBe(false);
    expect(isUniqueViolation(new Error('connection reset'))).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
    expect(isUniqueViolation('23505')).toBe(false);
  });
});
