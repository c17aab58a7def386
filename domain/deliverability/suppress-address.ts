import type { PrismaClient } from '../../generated/prisma/client';
import { normalizeEmail } from '../leads/schemas';

export type TSuppressionScope = 'all' | 'marketing' | `topic:${string}`;

/** Adds an address to the suppression list; an existing entry for the same scope is kept as it was. */
export async function suppressAddress(
  prisma: PrismaClient,
  entry: { email: string; scope: TSuppressionScope; reason: string; detail?: string | undefined },
): Promise<{ created: boolean }> {
  const email = normalizeEmail(entry.email);
  const { count } = await prisma.suppression.createMany({
    data: [{ email, scope: entry.scope, reason: entry.reason, detail: entry.detail ?? null }],
    skipDuplicates: true,
  });
  return { created: count === 1 };
}
