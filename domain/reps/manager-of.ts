import type { PrismaClient } from '../../generated/prisma/client';

/** Who hears when a rep misses something: the rep's manager, else ESCALATION_EMAIL (undefined: nobody). */
export async function managerOf(
  prisma: PrismaClient,
  repEmail: string | null,
  escalationEmail: string | undefined,
): Promise<string | undefined> {
  const rep = repEmail ? await prisma.rep.findUnique({ where: { email: repEmail }, select: { managerEmail: true } }) : null;
  return rep?.managerEmail ?? escalationEmail;
}
