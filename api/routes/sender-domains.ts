/**
 * The sender-reputation guard's surface (ADR-035): each sending domain's complaint and
 * hard-bounce rates over the rolling window and whether its marketing mail is paused, and the
 * one call that resumes it. Admin only.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PrismaClient } from '../../generated/prisma/client';
import { ROLES } from '../auth';
import { ZError } from './error-schema';
import { listSenderDomains, resumeSenderDomain } from '../../domain/deliverability/sender-reputation-guard';

const ZPause = z.object({
  id: z.uuid(),
  domain: z.string(),
  reason: z.string(),
  complaintRate: z.number(),
  hardBounceRate: z.number(),
  sent: z.number(),
  pausedAt: z.date(),
  notifiedAt: z.date().nullable(),
  resumedAt: z.date().nullable(),
  resumedBy: z.string().nullable(),
});

const ZSenderDomain = z.object({
  domain: z.string(),
  since: z.date(),
  sent: z.number(),
  complaints: z.number(),
  hardBounces: z.number(),
  complaintRate: z.number().describe('percent'),
  hardBounceRate: z.number().describe('percent'),
  paused: ZPause.nullable(),
});

export const senderDomainRoutes: FastifyPluginAsyncZod<{ prisma: PrismaClient; windowMs: number }> = async (app, deps) => {
  app.get(
    '/deliverability/sender-domains',
    {
      config: { roles: ROLES.admin },
      schema: {
        tags: ['deliverability'],
        summary: 'Complaint and hard-bounce rates per sending domain over the rolling window, and which are paused',
        response: { 200: z.object({ items: z.array(ZSenderDomain) }) },
      },
    },
    async () => ({ items: await listSenderDomains({ prisma: deps.prisma, config: { windowMs: deps.windowMs } }) }),
  );

  app.post(
    '/deliverability/sender-domains/:domain/resume',
    {
      config: { roles: ROLES.admin },
      schema: {
        tags: ['deliverability'],
        summary: 'Resume marketing sends from a domain the sender-reputation guard paused',
        description:
          'Postponed journeys send at their next check (within an hour). The rates are judged afresh from this moment: what happened before the resume no longer counts.',
        params: z.object({ domain: z.string().min(1).max(253) }),
        response: { 200: ZPause, 404: ZError },
      },
    },
    async (req) => {
      const by = req.principal ? `${req.principal.kind}:${req.principal.name}` : 'unknown';
      return resumeSenderDomain({ prisma: deps.prisma }, { domain: req.params.domain, by });
    },
  );
};
