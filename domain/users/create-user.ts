import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { hashPassword } from './passwords';
import { ZUserCreate, type TUserCreate, type TUserRole } from './schemas';
import { isUniqueViolation } from '../../lib/db/unique-violation';

export type TCreatedUser = { id: string; email: string; name: string; role: TUserRole; devSeed: boolean };

/** Creates a console user (the password is hashed; never stored). A taken email is a CONFLICT. */
export async function createUser(deps: { prisma: PrismaClient }, input: TUserCreate): Promise<TCreatedUser> {
  const parsed = ZUserCreate.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`);
    throw new AppError('VALIDATION_FAILED', `Invalid user: ${issues.join('; ')}`);
  }
  const { password, ...data } = parsed.data;
  if (await deps.prisma.user.findUnique({ where: { email: data.email }, select: { id: true } })) {
    throw new AppError('CONFLICT', `A user with the email ${data.email} already exists`);
  }
  const passwordHash = await hashPassword(password);
  try {
    const user = await deps.prisma.user.create({ data: { ...data, passwordHash } });
    return { id: user.id, email: user.email, name: user.name, role: user.role as TUserRole, devSeed: user.devSeed };
  } catch (e) {
    // Two creations racing for one address: the unique index decides.
    if (isUniqueViolation(e)) throw new AppError('CONFLICT', `A user with the email ${data.email} already exists`);
    throw e;
  }
}
