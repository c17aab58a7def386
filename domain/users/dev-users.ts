/**
 * The dev stack's people: one user per role, all with the same public password, so the console
 * can be tried at once. Like the dev API keys they are public knowledge: `npm run api` and
 * `npm run worker` refuse a database where one is still enabled (domain/api-keys/dev-credentials.ts).
 */
import type { PrismaClient } from '../../generated/prisma/client';
import { createUser } from './create-user';
import type { TUserRole } from './schemas';

/** Printed by `npm run dev` and in the README; never use it anywhere else. */
export const DEV_USER_PASSWORD = 'nurture-dev-password';

/** The sales user is the demo rep (DEMO_REPS in domain/demo/seed-demo.ts), so its tasks and leads are theirs. */
export const DEV_USERS: readonly { email: string; name: string; role: TUserRole }[] = [
  { email: 'admin@nurture.localhost', name: 'Dev Admin', role: 'ADMIN' },
  { email: 'marketing@nurture.localhost', name: 'Dev Marketing', role: 'MARKETING' },
  { email: 'rep@nurture.localhost', name: 'Demo Rep', role: 'SALES' },
];

/** Creates the dev users that do not exist yet; one that exists (even disabled) is left as it is. Returns how many were created. */
export async function seedDevUsers(deps: { prisma: PrismaClient }): Promise<number> {
  let created = 0;
  for (const user of DEV_USERS) {
    if (await deps.prisma.user.findUnique({ where: { email: user.email }, select: { id: true } })) continue;
    await createUser(deps, { ...user, password: DEV_USER_PASSWORD, devSeed: true });
    created += 1;
  }
  return created;
}

/** Dev users that can still sign in. */
export const USABLE_DEV_USERS = { devSeed: true, disabledAt: null } as const;
