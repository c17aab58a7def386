import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TApiDeps } from '../server';
import { createTemplateVersion } from '../../domain/templates/create-template-version';
import { ZTemplate, ZTemplateCreate } from '../../domain/templates/schemas';
import { ZError } from './error-schema';
import { ROLES } from '../auth';

export const templateRoutes: FastifyPluginAsyncZod<TApiDeps> = async (app, deps) => {
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
};
