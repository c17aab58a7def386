import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TRouteDeps } from '../server';
import { ROLES } from '../auth';
import { ZError } from './error-schema';
import { getJourney } from '../../domain/journeys/get-journey';
import { listLeadJourneys } from '../../domain/journeys/list-lead-journeys';
import { controlJourney } from '../../domain/journeys/control-journey';
import { ingestEvent } from '../../domain/journeys/ingest-event';
import { ZEventType } from '../../journey/definition';

const ZId = z.object({ id: z.uuid() });
const ZLive = z.object({
  status: z.enum(['running', 'waiting', 'paused', 'completed', 'exited']),
  stepIndex: z.number(),
  stepId: z.string().nullable(),
  stepType: z.string().nullable(),
  nextActionAt: z.string().nullable(),
  waitingFor: z.string().nullable().describe('Why it waits, in words (for people; may change wording).'),
  waitingKind: z
    .enum(['wait', 'event', 'repeat', 'sendWindow', 'postponed', 'holiday', 'greetingsEnd', 'paused', 'sendCapacity'])
    .nullable()
    .describe('What it waits for, as data: branch on this, not on waitingFor.'),
  events: z.array(z.object({ type: z.string(), stepId: z.string().optional(), atMs: z.number() })),
  result: z.object({ status: z.string(), reason: z.string() }).nullable(),
});
const ZJourney = z.object({
  enrollmentId: z.string(),
  leadId: z.string(),
  sequenceKey: z.string(),
  version: z.number(),
  workflowId: z.string(),
  status: z.string(),
  exitReason: z.string().nullable(),
  startedAt: z.date(),
  endedAt: z.date().nullable(),
  live: ZLive.nullable(),
});

export const journeyRoutes: FastifyPluginAsyncZod<TRouteDeps> = async (app, deps) => {
  app.get(
    '/journeys/:id',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['journeys'],
        summary: 'A journey: its record, and live state (step, next action time, why waiting)',
        params: ZId,
        response: { 200: ZJourney, 404: ZError },
      },
    },
    async (req) => getJourney(deps, req.params.id),
  );

  app.get(
    '/leads/:id/journeys',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['journeys'],
        summary: "The lead's journeys, newest first",
        params: ZId,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                enrollmentId: z.string(),
                sequenceKey: z.string(),
                version: z.number(),
                status: z.string(),
                exitReason: z.string().nullable(),
                startedAt: z.date(),
                endedAt: z.date().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({ items: await listLeadJourneys({ prisma: deps.prisma }, req.params.id) }),
  );

  for (const action of ['pause', 'resume'] as const) {
    app.post(
      `/journeys/:id/${action}`,
      {
        config: { roles: ROLES.anyone },
        schema: {
          tags: ['journeys'],
          summary: `${action === 'pause' ? 'Pause' : 'Resume'} a journey`,
          params: ZId,
          response: { 202: z.object({ accepted: z.literal(true) }), 404: ZError, 409: ZError },
        },
      },
      async (req, reply) => {
        await controlJourney(deps, req.params.id, { action });
        return reply.status(202).send({ accepted: true as const });
      },
    );
  }

  app.post(
    '/journeys/:id/exit',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['journeys'],
        summary: 'End a journey now, with a reason',
        params: ZId,
        body: z.object({ reason: z.string().trim().min(1).max(200) }),
        response: { 202: z.object({ accepted: z.literal(true) }), 404: ZError, 409: ZError },
      },
    },
    async (req, reply) => {
      await controlJourney(deps, req.params.id, { action: 'exit', reason: req.body.reason });
      return reply.status(202).send({ accepted: true as const });
    },
  );

  app.post(
    '/events',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['events'],
        summary: 'Ingest an engagement event (opened, clicked, replied, purchased, meeting_booked, custom:<name>)',
        description:
          'Recorded on the timeline and delivered to the lead’s active journeys. Give the messageId of the email it answers to tie it to the step that sent it.',
        body: z.object({
          leadId: z.uuid(),
          type: ZEventType,
          messageId: z.string().max(300).optional(),
          data: z.record(z.string(), z.unknown()).optional(),
        }),
        response: { 202: z.object({ eventId: z.string(), deliveredTo: z.number() }), 404: ZError },
      },
    },
    async (req, reply) => reply.status(202).send(await ingestEvent(deps, req.body)),
  );
};
