import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TRouteDeps } from '../server';
import { requestedBy, ROLES } from '../auth';
import { ZError } from './error-schema';
import { ZSequenceDefinition, ZSequenceKey } from '../../journey/definition';
import { validateSequence } from '../../domain/sequences/validate-sequence';
import { publishSequence } from '../../domain/sequences/publish-sequence';
import { createEnrollLeads } from '../../domain/sequences/enroll-leads';
import { listSequences } from '../../domain/sequences/list-sequences';
import { getBulkEnrollment, MAX_BULK_ENROLL_LEADS, startBulkEnrollment, ZBulkEnrollment } from '../../domain/sequences/bulk-enroll';
import { listSequenceVersions } from '../../domain/sequences/list-sequence-versions';
import { AppError } from '../../lib/errors';

const ZIssue = z.object({ path: z.string(), message: z.string() });
const ZVersion = z.object({
  key: z.string(),
  version: z.number().int(),
  versionId: z.string(),
  publishedAt: z.date(),
  created: z.boolean(),
});
const ZKey = z.object({ key: ZSequenceKey });

export const sequenceRoutes: FastifyPluginAsyncZod<TRouteDeps> = async (app, deps) => {
  const enroll = createEnrollLeads({
    prisma: deps.prisma,
    temporal: deps.temporal,
    taskQueue: deps.env.TEMPORAL_TASK_QUEUE,
    searchAttributes: deps.searchAttributes ?? false,
  });

  app.post(
    '/sequences/validate',
    {
      config: { roles: ROLES.marketing },
      schema: {
        tags: ['sequences'],
        summary: 'Validate a sequence definition without publishing it',
        description:
          'Checks the shape (every problem with its exact path, e.g. `steps[3].wait.until`) and that every template and enrolled sequence exists.',
        body: z.unknown(),
        response: { 200: z.object({ valid: z.boolean(), issues: z.array(ZIssue) }) },
      },
    },
    async (req) => {
      const result = await validateSequence(deps.prisma, req.body);
      return 'issues' in result ? { valid: false, issues: result.issues } : { valid: true, issues: [] };
    },
  );

  app.post(
    '/sequences',
    {
      config: { roles: ROLES.marketing },
      schema: {
        tags: ['sequences'],
        summary: 'Publish a sequence definition as its next immutable version',
        description:
          'Creates the sequence on first publish. Running journeys stay on their version; new enrollments take the latest. An identical definition returns the current version (200).',
        body: ZSequenceDefinition,
        response: { 201: ZVersion, 200: ZVersion, 400: ZError, 422: ZError },
      },
    },
    async (req, reply) => {
      const published = await publishSequence(deps.prisma, req.body);
      return reply.status(published.created ? 201 : 200).send(published);
    },
  );

  app.get(
    '/sequences',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['sequences'],
        summary: 'List sequences with their latest version',
        response: {
          200: z.object({
            items: z.array(
              z.object({ key: z.string(), name: z.string(), description: z.string(), latestVersion: z.number().int().nullable() }),
            ),
          }),
        },
      },
    },
    async () => ({ items: await listSequences({ prisma: deps.prisma }) }),
  );

  app.get(
    '/sequences/:key/versions',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['sequences'],
        summary: 'Every published version of a sequence, newest first',
        params: ZKey,
        response: {
          200: z.object({
            items: z.array(
              z.object({ version: z.number().int(), versionId: z.string(), publishedAt: z.date(), definition: ZSequenceDefinition }),
            ),
          }),
          404: ZError,
        },
      },
    },
    async (req) => ({ items: await listSequenceVersions({ prisma: deps.prisma }, req.params.key) }),
  );

  app.post(
    '/sequences/:key/enrollments',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['journeys'],
        summary: 'Enroll one or many leads in the latest version of a sequence',
        description:
          'Idempotent: a lead already active in the sequence is reported as `already_active`, never enrolled twice. Each lead gets an outcome.',
        params: ZKey,
        body: z.object({ leadIds: z.array(z.uuid()).min(1).max(1000) }),
        response: {
          200: z.object({
            results: z.array(
              z.object({
                leadId: z.string(),
                outcome: z.enum(['enrolled', 'already_active', 'lead_not_found', 'unsubscribed', 'sequence_not_found']),
                enrollmentId: z.string().optional(),
                workflowId: z.string().optional(),
                version: z.number().optional(),
              }),
            ),
          }),
          404: ZError,
        },
      },
    },
    async (req) => {
      const results = await enroll({
        sequenceKey: req.params.key,
        leadIds: req.body.leadIds,
        source: requestedBy(req.principal),
      });
      if (results.every((r) => r.outcome === 'sequence_not_found'))
        throw new AppError('NOT_FOUND', `Sequence ${req.params.key} does not exist`);
      return { results };
    },
  );

  app.post(
    '/sequences/:key/enrollments/bulk',
    {
      config: { roles: ROLES.marketing },
      // 100,000 uuids in JSON are about 4 MB.
      bodyLimit: 5 * 1024 * 1024,
      schema: {
        tags: ['journeys'],
        summary: 'Enroll a large list of leads (a segment of up to 100,000) in the background',
        description:
          'Answers 202 with a job at once; a workflow enrols the leads in chunks (rows in bulk, journeys started in parallel) and resumes after a restart. Nobody is enrolled twice: leads already active are skipped. Progress: GET /enrollments/bulk/:id.',
        params: ZKey,
        body: z.object({ leadIds: z.array(z.uuid()).min(1).max(MAX_BULK_ENROLL_LEADS) }),
        response: { 202: ZBulkEnrollment, 404: ZError },
      },
    },
    async (req, reply) => {
      const job = await startBulkEnrollment(
        { prisma: deps.prisma, temporal: deps.temporal, taskQueue: deps.env.TEMPORAL_TASK_QUEUE },
        {
          sequenceKey: req.params.key,
          leadIds: req.body.leadIds,
          requestedBy: requestedBy(req.principal),
        },
      );
      return reply.code(202).send(ZBulkEnrollment.parse(job));
    },
  );

  app.get(
    '/enrollments/bulk/:id',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['journeys'],
        summary: 'Progress of a bulk enrolment',
        params: z.object({ id: z.uuid() }),
        response: { 200: ZBulkEnrollment, 404: ZError },
      },
    },
    async (req) => {
      const job = await getBulkEnrollment(deps.prisma, req.params.id);
      if (!job) throw new AppError('NOT_FOUND', `Bulk enrolment ${req.params.id} does not exist`);
      return ZBulkEnrollment.parse(job);
    },
  );
};
