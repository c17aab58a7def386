import type { PrismaClient, Task } from '../../generated/prisma/client';
import type { z } from 'zod';
import type { ZTaskQuery } from './schemas';

/** A rep's (or everyone's) tasks, soonest due first, each saying whether it is overdue. */
export async function listTasks(prisma: PrismaClient, query: z.infer<typeof ZTaskQuery>, nowMs = Date.now()) {
  const tasks: Task[] = await prisma.task.findMany({
    where: {
      ...(query.assignee ? { assigneeEmail: query.assignee } : {}),
      ...(query.overdue ? { status: 'OPEN', dueAt: { lt: new Date(nowMs) } } : query.status ? { status: query.status } : {}),
    },
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    take: query.limit,
  });
  return tasks.map((t) => ({ ...t, overdue: t.status === 'OPEN' && t.dueAt.getTime() < nowMs }));
}
