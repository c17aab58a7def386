import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TRouteDeps } from '../server';
import { createTemplateVersion } from '../../domain/templates/create-template-version';
import { ZTemplate, ZTemplateCreate, ZTemplateKey } from '../../domain/templates/schemas';
import { previewTemplate } from '../../domain/templates/preview-template';
import { z } from 'zod';
import { ZError } from './error-schema';
import { ROLES } from '../auth';

export const templateRoutes: FastifyPluginAsyncZod<TRouteDeps> = async (app, deps) => {
  app.post(
    '/templates',
    {
      config: { roles: ROLES.marketing },
      schema: {
        tags: ['templates'],
        summary: 'Create a new immutable version of an MJML template',
        description:
          'The template is compiled first: invalid MJML, <mj-include> or an unknown {{variable}} is a 422 listing every problem.',
        body: ZTemplateCreate,
        response: { 201: ZTemplate, 200: ZTemplate, 400: ZError, 422: ZError },
      },
    },
    async (req, reply) => {
      const { created, ...template } = await createTemplateVersion(deps.prisma, req.body);
      return reply.status(created ? 201 : 200).send(template);
    },
  );

  app.post(
    '/templates/preview',
    {
      config: { roles: ROLES.marketing },
      schema: {
        tags: ['templates'],
        summary: 'Render a stored template, or a draft, for a sample lead',
        description:
          'Exactly as a send would render it (same compiler, same escaping). Defaults to a sample lead with Armenian and Kazakh text.',
        body: z.object({
          template: z.union([
            z.object({ key: ZTemplateKey, version: z.number().int().min(1).optional() }),
            z.object({ subject: z.string().min(1).max(300), mjml: z.string().min(1).max(500_000) }),
          ]),
          lead: z
            .object({
              firstName: z.string().max(100),
              lastName: z.string().max(100),
              company: z.string().max(200),
              email: z.string().max(254),
            })
            .partial()
            .optional(),
        }),
        response: {
          200: z.object({ subject: z.string(), html: z.string(), text: z.string(), templateVersion: z.number().nullable() }),
          404: ZError,
          422: ZError,
        },
      },
    },
    async (req) => previewTemplate(deps, req.body),
  );
};
