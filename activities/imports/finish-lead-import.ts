import type { TActivityDeps } from '../index';

export function createFinishLeadImport({ prisma }: Pick<TActivityDeps, 'prisma'>) {
  return async function finishLeadImport({ importId }: { importId: string }): Promise<void> {
    await prisma.leadImport.update({ where: { id: importId }, data: { status: 'COMPLETED', finishedAt: new Date() } });
  };
}
