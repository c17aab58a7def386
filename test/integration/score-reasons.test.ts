/**
 * GET /leads/:id/score: the lead's score explained by the default scoring model — matched fit
 * rules, decayed engagement per event kind, what journeys and edits added, and the thresholds.
 * A real database; nothing starts a workflow.
 */
import type { Client } from '@temporalio/client';
import { buildServer, type TApp } from '../../api/server';
import { createApiKey } from '../../domain/api-keys/create-api-key';
import type { TMailer } from '../../lib/mail/create-mailer';
import { TemplateCache } from '../../lib/mail/render-template';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { TEST_ENV } from '../helpers/temporal';

const DAY = 86_400_000;

describe('GET /leads/:id/score', () => {
  let db: TTestDatabase;
  let app: TApp;
  let key = '';
  const get = (url: string) => app.inject({ url, headers: { authorization: `Bearer ${key}` } });

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await buildServer({
      env: TEST_ENV,
      prisma: db.prisma,
      temporal: {} as Client,
      mailer: {} as TMailer,
      templates: new TemplateCache(),
      health: { database: async () => 'ok', temporal: async () => 'ok', smtp: async () => 'ok' },
    });
    key = (await createApiKey(db.prisma, { name: 'marketing desk', role: 'MARKETING' })).key;
  });
  afterAll(async () => {
    await app?.close();
    await db?.cleanup();
  });

  it('lists the fit rules that matched and the engagement, fading with its half-life', async () => {
    const lead = await db.prisma.lead.create({
      data: {
        email: 'ani@example.am',
        firstName: 'Անի',
        company: 'Արարատ ՍՊԸ',
        heat: 'WARM',
        source: 'REFERRAL',
        score: 57,
        attributes: {},
      },
    });
    // Two clicks: one now (5 points), one 29 days ago (5 × 0.5^(29/30) ≈ 2.56 points: the half-life is 30 days).
    await db.prisma.leadEvent.createMany({
      data: [
        { leadId: lead.id, type: 'engagement.clicked', occurredAt: new Date() },
        { leadId: lead.id, type: 'engagement.clicked', occurredAt: new Date(Date.now() - 29 * DAY) },
      ],
    });
    const res = await get(`/leads/${lead.id}/score`);
    expect(res.statusCode).toBe(200);
    // Default model: warm 25, referred 20, has-company 5, clicks ≈ 7.56 → 57.56 rounds to 58.
    expect(res.json()).toEqual({
      score: 57,
      modelScore: 58,
      adjusted: -1,
      reasons: [
        { kind: 'fit', rule: 'warm', points: 25 },
        { kind: 'fit', rule: 'referred', points: 20 },
        { kind: 'fit', rule: 'has-company', points: 5 },
        { kind: 'engagement', event: 'clicked', count: 2, points: 7.6 },
      ],
      thresholds: { mql: 25, sql: 60 },
    });
  });

  it('says when no rule applies, and 404s an unknown lead', async () => {
    const lead = await db.prisma.lead.create({ data: { email: 'qanat@example.kz', firstName: 'Қанат', attributes: {} } });
    expect((await get(`/leads/${lead.id}/score`)).json()).toMatchObject({ score: 0, modelScore: 0, adjusted: 0, reasons: [] });
    const missing = await get('/leads/00000000-0000-4000-8000-000000000000/score');
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'NOT_FOUND']);
  });
});
