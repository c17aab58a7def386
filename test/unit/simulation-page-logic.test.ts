/**
 * The simulation page's pure logic (no DOM): the form becomes the API's request and is checked
 * with the API's own schema, the API's 400 issues land on the right fields, times read in the
 * lead's zone, and the run's summary counts what the result holds.
 */
import { englishT } from '../helpers/console-t';
import { ApiError } from '../../web/src/api/errors';
import {
  apiFieldErrors,
  emailStepsOf,
  entryKind,
  initialForm,
  inZone,
  localizeSummary,
  summarize,
  toRequest,
  validate,
} from '../../web/src/features/simulation/model';
import { DEMO_SEQUENCE } from '../../domain/demo/demo-sequence';

const SEQ = { key: 'demo-nurture' };

describe('the simulation page logic', () => {
  it('sends sample leads in the three default zones and the assumptions as typed', () => {
    const form = { ...initialForm(), assumptions: [{ key: 1, step: 'tips', event: 'clicked' as const, after: ' 1 hour ' }] };
    expect(toRequest(form, SEQ)).toEqual({
      sequence: SEQ,
      leads: { kind: 'samples', timeZones: ['Asia/Almaty', 'Europe/Helsinki', 'America/New_York'], perZone: 1, locale: 'en' },
      assumptions: [{ step: 'tips', event: 'clicked', after: '1 hour' }],
      horizonDays: 60,
    });
    expect(validate(englishT, form, SEQ)).toEqual({ ok: true });
  });

  it('names each field the shared schema refuses, before anything is sent', () => {
    const form = {
      ...initialForm(),
      timeZones: ['Asia/Almaty', 'Mars/Olympus'],
      perZone: '',
      horizonDays: '0',
      assumptions: [{ key: 1, step: 'tips', event: 'clicked' as const, after: 'soonish' }],
    };
    const result = validate(englishT, form, SEQ);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // Why: each message must reach the input it is about (the page sets aria-invalid from these keys).
    expect(Object.keys(result.errors).sort()).toEqual(['assumptions.0.after', 'horizonDays', 'leads.perZone', 'leads.timeZones']);
    expect(result.errors['leads.timeZones']).toMatch(/IANA time zone/);
    expect(result.errors['leads.perZone']).toBe('must be a number');
  });

  it('asks for leads or a view when that source is chosen and empty', () => {
    expect(validate(englishT, { ...initialForm(), source: 'leads' }, SEQ)).toMatchObject({
      ok: false,
      errors: { 'leads.leadIds': 'add at least one lead' },
    });
    expect(validate(englishT, { ...initialForm(), source: 'view' }, SEQ)).toMatchObject({
      ok: false,
      errors: { 'leads.query': 'choose a saved lead view' },
    });
  });

  it('puts the API’s 400 issues on the fields', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'Invalid request', [
      { path: 'body.assumptions[0].after', message: 'must be a duration' },
      { path: 'body.leads.timeZones[1]', message: 'must be an IANA time zone' },
    ]);
    expect(apiFieldErrors(error)).toEqual({ 'assumptions.0.after': 'must be a duration', 'leads.timeZones': 'must be an IANA time zone' });
    expect(apiFieldErrors(new Error('offline'))).toEqual({});
  });

  it('offers the email steps of a definition for assumptions', () => {
    expect(emailStepsOf(DEMO_SEQUENCE).map((s) => s.id)).toEqual(['welcome', 'tips', 'offer']);
    expect(emailStepsOf(DEMO_SEQUENCE)[1]?.label).toBe('Email 2: tips (demo-tips)');
    expect(emailStepsOf({ steps: 'nope' })).toEqual([]);
  });

  it('reads instants in the lead’s zone, summaries included', () => {
    // 03:00 UTC is 08:00 in Almaty (UTC+5 all year) and 05:00 in Helsinki in winter.
    expect(inZone('2026-12-01T03:00:00.000Z', 'Asia/Almaty', 'en-GB').text).toContain('08:00');
    expect(inZone('2026-12-01T03:00:00.000Z', 'Europe/Helsinki', 'en-GB').text).toContain('05:00');
    expect(localizeSummary('waits until 2026-12-01T03:00:00.000Z: quiet hours', 'Asia/Almaty', 'en-GB')).toMatch(
      /^waits until .*08:00 \S+: quiet hours$/,
    );
    expect(entryKind('email.postponed')).toBe('postponed');
    expect(entryKind('journey.waiting')).toBe('wait');
    expect(entryKind('email.sent')).toBe('send');
  });

  it('summarises a run: emails per lead and how many completed, exited or still run', () => {
    const lead = (status: 'completed' | 'exited' | 'running', emails: number) => ({
      leadId: null,
      label: 'x',
      timeZone: 'UTC',
      locale: 'en',
      outcome: { status, reason: null },
      emails,
      entries: [],
    });
    expect(summarize({ leads: [lead('completed', 3), lead('exited', 1), lead('running', 2)] })).toEqual({
      leads: 3,
      completed: 1,
      exited: 1,
      running: 1,
      emailsMin: 1,
      emailsMax: 3,
      emailsAverage: 2,
    });
  });
});
