import type { PrismaClient } from '../../generated/prisma/client';
import { toTrigger, type TTrigger } from './schemas';

/** Every trigger (built-in and marketing's own), by key. */
export async function listTriggers(deps: { prisma: PrismaClient }): Promise<TTrigger[]> {
  return (await deps.prisma.journeyTrigger.findMany({ orderBy: { key: 'asc' } })).map(toTrigger);
}
