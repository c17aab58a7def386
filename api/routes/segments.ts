import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TRouteDeps } from '../server';
import { requestedBy, ROLES } from '../auth';
import { ZError } from './error-schema';
import { ZSequenceKey } from '../../journey/definition';
import { enrollSegment, previewSegment } from '../../domain/sequences/enroll-segment';
import { ZBulkEnrollment } from '../../domain/sequences/bulk-enroll';

/** Segments (issue 12): enrol every lead a GET /leads view matches, after a count preview. */
const ZKey = z.object({ key: ZSequenceKey });
const ZSegmentBody = z.object({
  query: z.record(z.string(), z.string()).default({}).meta({
    description:
      'The GET /leads query parameters of the view (q, status, heat, source, owner, tag, scoreMin, …); cursor and limit are ignored',
  }),
});
const ZSegmentPreview = z.object({
  total: z.number().int().meta({ description: 'Leads matching the view' }),
  alreadyActive: z.number().int().meta({ description: 'Of them, leads already active in the sequence: the enrolment skips them' }),
  sample: z
    .array(z.object({ id: z.string(), name: z.string(), email: z.string() }))
    .meta({ description: 'The first five matches, in the view order' }),
});

export const segmentRoutes: FastifyPluginAsyncZod<TRouteDeps> = async (app, deps) => {
  app.post(
    '/sequences/:key/enrollments/segment/preview',
    {
      config: { roles: ROLES.marketing },
      schema: {
        tags: ['journeys'],
        summary: 'Count the leads a lead-list view matches, before enrolling them in a sequence',
        params: ZKey,
        body: ZSegmentBody,
        response: { 200: ZSegmentPreview, 400: ZError, 404: ZError },
      },
    },
    async (req) => previewSegment(deps, { sequenceKey: req.params.key, query: req.body.query }),
  );

  app.post(
    '/sequences/:key/enrollments/segment',
    {
      config: { roles: ROLES.marketing },
      schema: {
        tags: ['journeys'],
        summary: 'Enrol every lead a lead-list view matches, in the background',
        description:
          'Answers 202 with a bulk enrolment job (progress: GET /enrollments/bulk/:id). Leads already active in the sequence are skipped. At most 100,000 leads; a larger view is a 400 naming its count.',
        params: ZKey,
        body: ZSegmentBody,
        response: { 202: ZBulkEnrollment, 400: ZError, 404: ZError },
      },
    },
    async (req, reply) => {
      const job = await enrollSegment(
        { prisma: deps.prisma, temporal: deps.temporal, taskQueue: deps.env.TEMPORAL_TASK_QUEUE },
        {
          sequenceKey: req.params.key,
          query: req.body.query,
          requestedBy: requestedBy(req.principal),
        },
      );
      return reply.code(202).send(ZBulkEnrollment.parse(job));
    },
  );
};
