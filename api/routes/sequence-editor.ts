/**
 * The console's sequence editor (ADR-040): the signed-in person's drafts (autosaved), the
 * publish preview (step-level changes against the version in force and the journeys running on
 * each version) and the comparison of two published versions. Publishing itself is POST /sequences.
 * Marketing (and admin) only: sales neither edits nor sees drafts.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { TRouteDeps } from '../server';
import { ROLES } from '../auth';
import { ZError } from './error-schema';
import { ZSequenceKey } from '../../journey/definition';
import { deleteSequenceDraft, getSequenceDraft, listSequenceDrafts, saveSequenceDraft } from '../../domain/sequences/sequence-drafts';
import { compareVersions, previewPublish } from '../../domain/sequences/compare-versions';
import { AppError } from '../../lib/errors';

const ZKey = z.object({ key: ZSequenceKey });
const ZDraft = z.object({
  key: z.string(),
  /** The editor's definition as it was saved: valid or not (it is checked when published). */
  definition: z.record(z.string(), z.unknown()),
  baseVersion: z.number().int().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
const ZChange = z.object({
  scope: z.enum(['sequence', 'settings', 'goal', 'step']),
  kind: z.enum(['added', 'removed', 'changed', 'moved']),
  subject: z.string(),
  text: z.string(),
  fields: z.array(z.object({ path: z.string(), before: z.string().nullable(), after: z.string().nullable() })),
});

/** Whose drafts: the signed-in person, or the API key (machines may keep drafts too). */
function ownerOf(req: FastifyRequest): string {
  const p = req.principal;
  if (!p) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return `${p.kind}:${p.id}`;
}

export const sequenceEditorRoutes: FastifyPluginAsyncZod<TRouteDeps> = async (app, deps) => {
  const d = { prisma: deps.prisma };

  app.get(
    '/sequences/drafts',
    {
      config: { roles: ROLES.marketing },
      schema: {
        tags: ['sequences'],
        summary: 'Your sequence drafts, most recently edited first',
        response: {
          200: z.object({
            items: z.array(z.object({ key: z.string(), name: z.string(), baseVersion: z.number().int().nullable(), updatedAt: z.date() })),
          }),
        },
      },
    },
    async (req) => ({ items: await listSequenceDrafts(d, ownerOf(req)) }),
  );

  app.get(
    '/sequences/:key/draft',
    {
      config: { roles: ROLES.marketing },
      schema: {
        tags: ['sequences'],
        summary: 'Your draft of a sequence (404 when you have none)',
        params: ZKey,
        response: { 200: ZDraft, 404: ZError },
      },
    },
    async (req) => getSequenceDraft(d, ownerOf(req), req.params.key),
  );

  app.put(
    '/sequences/:key/draft',
    {
      config: { roles: ROLES.marketing },
      schema: {
        tags: ['sequences'],
        summary: 'Save your draft of a sequence (the editor autosaves)',
        description:
          'Stores the definition as it is, valid or not. `baseVersion` is the version the draft started from (null for a new sequence). The key inside the definition must be the path key.',
        params: ZKey,
        body: z.object({ definition: z.record(z.string(), z.unknown()), baseVersion: z.number().int().min(1).nullable().optional() }),
        response: { 200: ZDraft, 400: ZError },
      },
    },
    async (req) => saveSequenceDraft(d, ownerOf(req), req.params.key, req.body),
  );

  app.delete(
    '/sequences/:key/draft',
    {
      config: { roles: ROLES.marketing },
      schema: { tags: ['sequences'], summary: 'Discard your draft of a sequence', params: ZKey, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await deleteSequenceDraft(d, ownerOf(req), req.params.key);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/sequences/:key/publish-preview',
    {
      config: { roles: ROLES.marketing },
      schema: {
        tags: ['sequences'],
        summary: 'What publishing this definition would change, and who keeps the older versions',
        description:
          'Step-level changes against the version in force (added, removed, moved, changed fields, in words) and the journeys running on each version: they keep their version. Publishes nothing. 422 with every issue when the definition is invalid.',
        params: ZKey,
        body: z.object({ definition: z.unknown() }),
        response: {
          200: z.object({
            inForce: z.number().int().nullable(),
            nextVersion: z.number().int().nullable(),
            changes: z.array(ZChange),
            running: z.array(z.object({ version: z.number().int(), active: z.number().int() })),
          }),
          400: ZError,
          422: ZError,
        },
      },
    },
    async (req) => previewPublish(d, req.params.key, req.body.definition),
  );

  app.get(
    '/sequences/:key/compare',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['sequences'],
        summary: 'The changes between two published versions of a sequence',
        params: ZKey,
        querystring: z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }),
        response: {
          200: z.object({ key: z.string(), from: z.number().int(), to: z.number().int(), changes: z.array(ZChange) }),
          404: ZError,
        },
      },
    },
    async (req) => compareVersions(d, req.params.key, req.query.from, req.query.to),
  );
};
