/** KPIs as JSON (the console's Dashboards page charts them). Every figure's definition is in the domain/kpis file that computes it. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TRouteDeps } from '../server';
import { ROLES } from '../auth';
import { ZError } from './error-schema';
import {
  ZConversionKpis,
  ZConversionQuery,
  ZKpiPeriod,
  ZRetentionKpis,
  ZScoreBandKpis,
  ZSequenceKpis,
  ZSourceKpis,
} from '../../domain/kpis/schemas';
import { getSequenceKpis } from '../../domain/kpis/get-sequence-kpis';
import { getSourceKpis } from '../../domain/kpis/get-source-kpis';
import { getConversionKpis } from '../../domain/kpis/get-conversion-kpis';
import { getRetentionKpis } from '../../domain/kpis/get-retention-kpis';
import { getScoreBandKpis } from '../../domain/kpis/get-score-band-kpis';

export const kpiRoutes: FastifyPluginAsyncZod<TRouteDeps> = async (app, deps) => {
  const period = { querystring: ZKpiPeriod };
  const common = { config: { roles: ROLES.anyone } };

  app.get(
    '/kpis/sequences',
    {
      ...common,
      schema: {
        tags: ['kpis'],
        summary:
          'Per sequence, email step and split variant: enrolled, sent, opened, clicked, replied, unsubscribed, converted (enrollments started in the period)',
        ...period,
        response: { 200: ZSequenceKpis, 400: ZError },
      },
    },
    async (req) => getSequenceKpis(deps.prisma, req.query),
  );
  app.get(
    '/kpis/sources',
    {
      ...common,
      schema: {
        tags: ['kpis'],
        summary: 'Per source/channel: leads, cost per lead, conversion to customer, cost per customer (leads created in the period)',
        ...period,
        response: { 200: ZSourceKpis, 400: ZError },
      },
    },
    async (req) => getSourceKpis(deps.prisma, req.query),
  );
  app.get(
    '/kpis/conversion',
    {
      ...common,
      schema: {
        tags: ['kpis'],
        summary: 'By heat or by rep: conversion rate and days to convert (leads created in the period)',
        querystring: ZConversionQuery,
        response: { 200: ZConversionKpis, 400: ZError },
      },
    },
    async (req) => getConversionKpis(deps.prisma, req.query.by, req.query),
  );
  app.get(
    '/kpis/retention',
    {
      ...common,
      schema: {
        tags: ['kpis'],
        summary: 'Repeat-purchase rate, revenue per customer, average ticket, sales-cycle length (customers converted in the period)',
        ...period,
        response: { 200: ZRetentionKpis, 400: ZError },
      },
    },
    async (req) => getRetentionKpis(deps.prisma, req.query),
  );
  app.get(
    '/kpis/score-bands',
    {
      ...common,
      schema: {
        tags: ['kpis'],
        summary: 'Leads per score band against actual conversions and losses (leads created in the period)',
        ...period,
        response: { 200: ZScoreBandKpis, 400: ZError },
      },
    },
    async (req) => getScoreBandKpis(deps.prisma, req.query),
  );
};
