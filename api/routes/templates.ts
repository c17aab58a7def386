import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TRouteDeps } from '../server';
import { createTemplateVersion } from '../../domain/templates/create-template-version';
import {
  ZPreviewAs,
  ZTemplate,
  ZTemplateCheck,
  ZTemplateCreate,
  ZTemplateDetail,
  ZTemplateKey,
  ZTemplateSource,
  ZTemplateSummary,
} from '../../domain/templates/schemas';
import { previewTemplate } from '../../domain/templates/preview-template';
import { listTemplates } from '../../domain/templates/list-templates';
import { getTemplate } from '../../domain/templates/get-template';
import { checkTemplate } from '../../domain/templates/check-template';
import { sendTemplateTest } from '../../domain/templates/send-template-test';
import { templateVariables } from '../../domain/templates/variables';
import { z } from 'zod';
import { ZError } from './error-schema';
import { ROLES } from '../auth';

export const templateRoutes: FastifyPluginAsyncZod<TRouteDeps> = async (app, deps) => {
  const previewDeps = {
    prisma: deps.prisma,
    templates: deps.templates,
    extras: { publicBaseUrl: deps.env.PUBLIC_BASE_URL, signingSecret: deps.env.SIGNING_SECRET, currency: deps.env.CURRENCY },
  };
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
        response: { 201: ZTemplate, 200: ZTemplate, 400: ZError, 409: ZError, 422: ZError },
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
          'Exactly as a send would render it (same compiler, same escaping). Defaults to a sample lead with Armenian and Kazakh text; ' +
          '`locale` takes a sample person writing that language, `leadId` a real lead (their fields, owner and offer). For a stored ' +
          "template, the lead's or sample's language picks the family's locale variant as a journey would (`templateKey` says which).",
        body: ZPreviewAs.extend({
          template: ZTemplateSource,
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
          200: ZPreview,
          400: ZError,
          404: ZError,
          422: ZError,
        },
      },
    },
    async (req) => previewTemplate(previewDeps, req.body),
  );

  app.get(
    '/templates',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['templates'],
        summary: 'Every template (latest version, no MJML) with its locale variants, and the variables templates may use',
        response: {
          200: z.object({
            items: z.array(ZTemplateSummary),
            variables: z.array(z.object({ name: z.string(), description: z.string() })),
          }),
        },
      },
    },
    async () => ({ items: await listTemplates({ prisma: deps.prisma }), variables: templateVariables() }),
  );

  app.get(
    '/templates/:key',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['templates'],
        summary: "A template's latest version (or ?version=), its version list and its family's locale variants",
        params: z.object({ key: ZTemplateKey }),
        querystring: z.object({ version: z.coerce.number().int().min(1).optional() }),
        response: { 200: ZTemplateDetail, 400: ZError, 404: ZError },
      },
    },
    async (req) => getTemplate({ prisma: deps.prisma }, req.params.key, req.query.version),
  );

  app.post(
    '/templates/check',
    {
      config: { roles: ROLES.marketing },
      schema: {
        tags: ['templates'],
        summary: 'Check a draft as saving would: every problem (unknown variable, invalid MJML) with its line',
        description:
          'Always 200: `valid` says whether POST /templates would accept it; the messages are the ones a save would answer with.',
        body: z.object({ subject: z.string().max(300), mjml: z.string().max(500_000) }),
        response: { 200: ZTemplateCheck, 400: ZError },
      },
    },
    async (req) => checkTemplate(req.body),
  );

  app.post(
    '/templates/test',
    {
      config: { roles: ROLES.marketing },
      schema: {
        tags: ['templates'],
        summary: 'Send me a test: a template or draft, rendered for a lead or sample, to the signed-in person',
        description:
          "Goes to the console user's own address with the subject marked [Test]; nothing is recorded against the lead. API keys have no address (400).",
        body: ZPreviewAs.extend({ template: ZTemplateSource }),
        response: {
          200: z.object({
            to: z.string(),
            subject: z.string(),
            messageId: z.string(),
            templateKey: z.string().nullable(),
            recipient: z.string(),
          }),
          400: ZError,
          403: ZError,
          404: ZError,
          422: ZError,
          503: ZError,
        },
      },
    },
    async (req) => {
      const userId = req.principal?.kind === 'session' ? req.principal.id : undefined;
      return sendTemplateTest(
        { ...previewDeps, mailer: deps.mailer, mail: { from: deps.env.MAIL_FROM, messageIdDomain: deps.env.MESSAGE_ID_DOMAIN } },
        { ...req.body, userId },
      );
    },
  );
};

const ZPreview = z.object({
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  templateVersion: z.number().nullable(),
  templateKey: z.string().nullable(),
  locale: z.string().nullable(),
  recipient: z.object({ name: z.string(), email: z.string(), leadId: z.string().nullable() }),
});
