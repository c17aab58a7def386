/**
 * Calls and notes on a lead (POST /leads/:id/notes): recorded on the timeline naming who logged
 * them (an API key or a signed-in person), refused with a 400 naming the field, 404 for an
 * unknown lead; they count as the owner acting for the routing SLA. And the lead search's
 * overdue filter (GET /leads?hasOverdueTasks=), across keyset pages. A real database; no
 * Temporal (nothing here starts a workflow: leads are written directly, without triggers).
 */
import type { Client } from '@temporalio/client';
import type { InjectOptions } from 'fastify';
import { activityConfigFromEnv } from '../../activities';
import { createCheckLeadSla } from '../../activities/leads/check-lead-sla';
import { buildServer, type TApp } from '../../api/server';
import { createApiKey } from '../../domain/api-keys/create-api-key';
import { leadSearchFields } from '../../domain/leads/search/search-text';
import { createUser } from '../../domain/users/create-user';
import type { TMailer } from '../../lib/mail/create-mailer';
import { TemplateCache } from '../../lib/mail/render-template';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { TEST_ENV } from '../helpers/temporal';

const PASSWORD = 'a long enough password';
const MINUTE = 60_000;
const DAY = 86_400_000;

type TEntry = { id: string; type: string; occurredAt: string; enrollmentId: string | null; data: Record<string, unknown> };
type TErrorBody = { error: { code: string; message: string; issues?: Array<{ path: string; message: string }> } };

describe('calls and notes on a lead, and the overdue filter', () => {
  let db: TTestDatabase;
  let app: TApp;
  const keys = { sales: '', marketing: '' };
  let seq = 0;

  const as = (key: string) => ({ authorization: `Bearer ${key}` });
  const call = (o: InjectOptions, key = keys.sales) => app.inject({ ...o, headers: { ...as(key), ...(o.headers ?? {}) } });
  const logNote = (leadId: string, payload: unknown, key = keys.sales) =>
    call({ method: 'POST', url: `/leads/${leadId}/notes`, payload: payload as Record<string, unknown> }, key);
  const timeline = async (leadId: string) =>
    ((await call({ method: 'GET', url: `/leads/${leadId}/timeline` })).json() as { items: TEntry[] }).items;

  /** A lead written directly (searchable; no triggers, no routing). */
  async function lead(fields: { firstName?: string; ownerEmail?: string; assignedAt?: Date; tags?: string[] } = {}) {
    const n = ++seq;
    const base = { email: `lead${n}@example.fi`, firstName: fields.firstName ?? `Lead${n}`, lastName: null, company: null, phone: null };
    return db.prisma.lead.create({
      data: {
        ...base,
        ...leadSearchFields(base),
        ownerEmail: fields.ownerEmail ?? null,
        assignedAt: fields.assignedAt ?? null,
        tags: fields.tags ?? [],
      },
    });
  }

  async function task(leadId: string, dueInMs: number, status: 'OPEN' | 'DONE' | 'CANCELLED' = 'OPEN') {
    const n = ++seq;
    await db.prisma.task.create({
      data: {
        idempotencyKey: `test-task-${n}`,
        leadId,
        kind: 'call',
        title: `Call ${n}`,
        assigneeEmail: 'rep@example.fi',
        dueAt: new Date(Date.now() + dueInMs),
        status,
        ...(status === 'DONE' ? { completedAt: new Date() } : {}),
      },
    });
  }

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
    keys.sales = (await createApiKey(db.prisma, { name: 'crm bridge', role: 'SALES' })).key;
    keys.marketing = (await createApiKey(db.prisma, { name: 'marketing desk', role: 'MARKETING' })).key;
    await createUser({ prisma: db.prisma }, { email: 'rita@example.fi', name: 'Rita Rep', role: 'sales', password: PASSWORD });
  });
  afterAll(async () => {
    await app?.close();
    await db?.cleanup();
  });

  describe('POST /leads/:id/notes', () => {
    it('logs a call (201): the event names the key that logged it and the timeline shows it', async () => {
      const l = await lead();
      const res = await logNote(l.id, { kind: 'call', text: '  Spoke to Sirpa: demo on Thursday  ', outcome: 'reached' });
      expect(res.statusCode).toBe(201);
      const entry = res.json() as TEntry;
      expect(entry).toEqual({
        id: expect.any(String),
        type: 'call.logged',
        occurredAt: expect.any(String),
        enrollmentId: null,
        data: {
          text: 'Spoke to Sirpa: demo on Thursday',
          outcome: 'reached',
          by: { kind: 'api-key', id: expect.any(String), name: 'crm bridge', role: 'SALES' },
        },
      });
      expect(await timeline(l.id)).toContainEqual(entry);
    });

    it('logs a note with a marketing key too; a note is a touch (updatedAt moves)', async () => {
      const l = await lead();
      const res = await logNote(l.id, { kind: 'note', text: 'Asked for the Finnish brochure.\nSend in May.' }, keys.marketing);
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        type: 'note.logged',
        data: { text: 'Asked for the Finnish brochure.\nSend in May.', by: { kind: 'api-key', name: 'marketing desk', role: 'MARKETING' } },
      });
      expect((res.json() as TEntry).data).not.toHaveProperty('outcome');
      const after = await db.prisma.lead.findUniqueOrThrow({ where: { id: l.id } });
      expect(after.updatedAt.getTime()).toBeGreaterThan(l.updatedAt.getTime());
      expect(after.updatedAt.toISOString()).toBe((res.json() as TEntry).occurredAt);
    });

    it('names the signed-in person when the console logs it (cookie and CSRF token)', async () => {
      const l = await lead();
      const login = await app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { email: 'rita@example.fi', password: PASSWORD },
        remoteAddress: '10.9.0.1',
      });
      expect(login.statusCode).toBe(200);
      const cookie = login.cookies.find((c) => c.name === 'nurture_session')!.value;
      const csrf = (login.json() as { csrfToken: string }).csrfToken;
      const res = await app.inject({
        method: 'POST',
        url: `/leads/${l.id}/notes`,
        cookies: { nurture_session: cookie },
        headers: { 'x-csrf-token': csrf },
        payload: { kind: 'call', text: 'Voicemail, will try again tomorrow', outcome: 'voicemail' },
      });
      expect(res.statusCode).toBe(201);
      const user = await db.prisma.user.findUniqueOrThrow({ where: { email: 'rita@example.fi' } });
      expect((res.json() as TEntry).data['by']).toEqual({ kind: 'session', id: user.id, name: 'Rita Rep', role: 'SALES' });
      // Without the CSRF token the cookie alone is refused.
      const forged = await app.inject({
        method: 'POST',
        url: `/leads/${l.id}/notes`,
        cookies: { nurture_session: cookie },
        payload: { kind: 'note', text: 'x' },
      });
      expect(forged.statusCode).toBe(403);
    });

    it.each([
      ['empty text', 'body.text', { kind: 'note', text: '' }],
      ['blank text', 'body.text', { kind: 'call', text: '   \n ' }],
      ['no text', 'body.text', { kind: 'note' }],
      ['text over 5000 characters', 'body.text', { kind: 'note', text: 'x'.repeat(5001) }],
      ['an unknown kind', 'body.kind', { kind: 'email', text: 'hello' }],
      ['an unknown call outcome', 'body.outcome', { kind: 'call', text: 'hello', outcome: 'busy' }],
      ['an outcome on a note', 'body.outcome', { kind: 'note', text: 'hello', outcome: 'reached' }],
    ])('%s → 400 naming %s', async (_name, path, payload) => {
      const l = await lead();
      const res = await logNote(l.id, payload);
      expect(res.statusCode).toBe(400);
      const { error } = res.json() as TErrorBody;
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.issues?.map((i) => i.path)).toContain(path);
      expect(error.message).toContain(path);
      expect(await timeline(l.id)).toEqual([]);
    });

    it('accepts exactly 5000 characters', async () => {
      const l = await lead();
      expect((await logNote(l.id, { kind: 'note', text: 'ä'.repeat(5000) })).statusCode).toBe(201);
    });

    it('404 for an unknown lead, 400 for a malformed id, 401 without a key', async () => {
      const unknown = await logNote('7f0c1a9e-0000-4000-8000-000000000000', { kind: 'note', text: 'hello' });
      expect(unknown.statusCode).toBe(404);
      expect((unknown.json() as TErrorBody).error.message).toBe('Lead 7f0c1a9e-0000-4000-8000-000000000000 does not exist');
      const malformed = await logNote('not-a-uuid', { kind: 'note', text: 'hello' });
      expect(malformed.statusCode).toBe(400);
      expect((malformed.json() as TErrorBody).error.message).toContain('params.id');
      const l = await lead();
      const anonymous = await app.inject({ method: 'POST', url: `/leads/${l.id}/notes`, payload: { kind: 'note', text: 'x' } });
      expect(anonymous.statusCode).toBe(401);
    });

    it('counts as the owner acting for the routing SLA', async () => {
      const checkLeadSla = createCheckLeadSla({
        prisma: db.prisma,
        mailer: {} as TMailer,
        // No manager to tell, and no reassignment: only whether the owner acted is in question.
        config: { ...activityConfigFromEnv(TEST_ENV), escalationEmail: undefined },
      });
      const assignedAt = new Date(Date.now() - 5 * MINUTE);
      const input = { ownerEmail: 'rep@example.fi', assignedAtMs: assignedAt.getTime(), mayReassign: false };

      const idle = await lead({ ownerEmail: 'rep@example.fi', assignedAt });
      expect(await checkLeadSla({ ...input, leadId: idle.id })).toEqual({ outcome: 'limit' });

      const worked = await lead({ ownerEmail: 'rep@example.fi', assignedAt });
      expect((await logNote(worked.id, { kind: 'call', text: 'No answer', outcome: 'no_answer' })).statusCode).toBe(201);
      expect(await checkLeadSla({ ...input, leadId: worked.id })).toEqual({ outcome: 'acted' });

      // A note from before the assignment is not this owner's work.
      const earlier = await lead({ ownerEmail: 'rep@example.fi' });
      expect((await logNote(earlier.id, { kind: 'note', text: 'From the trade show' })).statusCode).toBe(201);
      const later = Date.now() + 1000;
      expect(await checkLeadSla({ ...input, assignedAtMs: later, leadId: earlier.id })).toEqual({ outcome: 'limit' });
    });
  });

  describe('GET /leads?hasOverdueTasks=', () => {
    const overdue = new Set<string>();
    const all: string[] = [];

    beforeAll(async () => {
      // Six leads tagged "od": overdue open tasks on three; the others have none, a future one, or only finished overdue ones.
      const make = async (tasks: Array<[number, 'OPEN' | 'DONE' | 'CANCELLED']>, isOverdue: boolean) => {
        const l = await lead({ tags: ['od'] });
        for (const [due, status] of tasks) await task(l.id, due, status);
        all.push(l.id);
        if (isOverdue) overdue.add(l.id);
      };
      await make([[-DAY, 'OPEN']], true);
      await make([], false);
      await make(
        [
          [-MINUTE, 'OPEN'],
          [DAY, 'OPEN'],
        ],
        true,
      );
      await make([[DAY, 'OPEN']], false);
      await make(
        [
          [-DAY, 'DONE'],
          [-DAY, 'CANCELLED'],
        ],
        false,
      );
      await make([[-2 * DAY, 'OPEN']], true);
    });

    const walk = async (query: string) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      let total = -1;
      for (let pages = 0; pages < 20; pages++) {
        const res = await call({ method: 'GET', url: `/leads?tag=od&${query}&limit=1${cursor ? `&cursor=${cursor}` : ''}` });
        expect(res.statusCode).toBe(200);
        const page = res.json() as { items: Array<{ id: string }>; total: number; nextCursor: string | null };
        total = page.total;
        ids.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      return { ids, total };
    };

    it('true: leads with an open task past its due date, page by page (keyset) with the total', async () => {
      const expected = [...all].reverse().filter((id) => overdue.has(id));
      const { ids, total } = await walk('hasOverdueTasks=true');
      expect(ids).toEqual(expected);
      expect(total).toBe(3);
    });

    it('false: the others; combined with hasOpenTasks and a sort', async () => {
      expect((await walk('hasOverdueTasks=false')).ids.sort()).toEqual(all.filter((id) => !overdue.has(id)).sort());
      const openNotOverdue = await walk('hasOverdueTasks=false&hasOpenTasks=true&sort=updatedAt');
      expect(openNotOverdue.ids).toEqual([all[3]]);
    });

    it('refuses anything but true or false, naming the parameter', async () => {
      const res = await call({ method: 'GET', url: '/leads?hasOverdueTasks=soon' });
      expect(res.statusCode).toBe(400);
      const { error } = res.json() as TErrorBody;
      expect(error.issues?.map((i) => i.path)).toContain('querystring.hasOverdueTasks');
    });
  });
});
