import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TRouteDeps } from '../server';
import { ROLES } from '../auth';
import { ZError } from './error-schema';
import { listTasks } from '../../domain/tasks/list-tasks';
import { completeTask } from '../../domain/tasks/complete-task';
import { ZTask, ZTaskCompletion, ZTaskId, ZTaskQuery } from '../../domain/tasks/schemas';

export const taskRoutes: FastifyPluginAsyncZod<TRouteDeps> = async (app, deps) => {
  app.get(
    '/tasks',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['sales'],
        summary: "A rep's tasks (or everyone's), soonest due first",
        description:
          'Overdue tasks remind their rep at the due time, then go to the manager TASK_ESCALATE_AFTER later (remindedAt, escalatedAt).',
        querystring: ZTaskQuery,
        response: { 200: z.object({ items: z.array(ZTask) }), 400: ZError },
      },
    },
    async (req) => ({ items: await listTasks(deps.prisma, req.query) }),
  );

  app.post(
    '/tasks/:id/complete',
    {
      config: { roles: ROLES.sales },
      schema: {
        tags: ['sales'],
        summary: 'Complete a task with its result',
        description: "outcome meeting_booked tells the lead's journeys (the sales cadence stops on it).",
        params: ZTaskId,
        body: ZTaskCompletion,
        response: { 200: ZTask.omit({ overdue: true }), 400: ZError, 404: ZError, 409: ZError },
      },
    },
    async (req) => completeTask(deps.crm, req.params.id, req.body),
  );
};
