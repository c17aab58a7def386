/**
 * CSV import with column mapping ("Console I"), through the HTTP API and the CLI on real parts:
 * the time-skipping Temporal server running the import workflow, a real database. The preview the
 * import wizard starts from, a mapped import with value mapping (warnings for values an optional
 * column cannot use, errors for rows without a usable email), a batch retried after a crash,
 * the issues download, Windows-1252 / BOM / CRLF / quoted-newline files, and bad input as 4xx.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { InjectOptions } from 'fastify';
import { createImportLeadBatch } from '../../activities/imports/import-lead-batch';
import { buildServer, type TApp } from '../../api/server';
import { run } from '../../cli/nurture';
import { createApiKey } from '../../domain/api-keys/create-api-key';
import { createCrmDeps, crmConfigFromEnv } from '../../domain/crm/crm-deps';
import { createHealthChecks } from '../../lib/boot';
import { TemplateCache } from '../../lib/mail/render-template';
import type { TRunningWorker } from '../../worker/start-worker';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { eventually } from '../helpers/eventually';
import { createTestMail } from '../helpers/mail';
import { createTestWorker, createTimeSkippingEnv, TEST_ENV, uniqueTaskQueue } from '../helpers/temporal';

/** Windows-1252 bytes of text in Latin-1 plus the few 0x80–0x9F characters used here. */
const cp1252 = (text: string) =>
  Buffer.from(
    [...text].map((c) => {
      const high = { '€': 0x80, '“': 0x93, '”': 0x94, '–': 0x96 }[c];
      if (high) return high;
      if (c.charCodeAt(0) > 0xff) throw new Error(`not in the test encoder: ${c}`);
      return c.charCodeAt(0);
    }),
  );

type TImport = {
  id: string;
  status: string;
  total: number;
  created: number;
  merged: number;
  failed: number;
  warned: number;
  errors: { row: number; email: string | null; column?: string; value?: string; message: string }[];
  warnings: { row: number; email: string | null; column: string; value: string; message: string }[];
  mapping: { columns: { column: string; target: string }[] } | null;
};

describe('CSV import with column mapping', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let worker: TRunningWorker;
  let app: TApp;
  let key: string;
  /** Imports whose first batch "crashes" after doing its rows: the retry must map them the same way. */
  const crashOnce = new Set<string>();

  beforeAll(async () => {
    [env, db, mail] = await Promise.all([createTimeSkippingEnv(), createTestDatabase(), createTestMail()]);
    const taskQueue = uniqueTaskQueue('import-mapping');
    const testEnv = { ...TEST_ENV, TEMPORAL_TASK_QUEUE: taskQueue };
    const crm = createCrmDeps({ prisma: db.prisma, temporal: env.client, taskQueue, config: crmConfigFromEnv(testEnv) });
    const importLeadBatch = createImportLeadBatch({ prisma: db.prisma, crm });
    worker = await createTestWorker({
      env,
      prisma: db.prisma,
      mailer: mail.mailer,
      taskQueue,
      temporal: env.client,
      envOverrides: testEnv,
      activityOverrides: {
        importLeadBatch: async (input) => {
          const done = await importLeadBatch(input);
          if (crashOnce.delete(input.importId)) throw new Error('the worker lost its connection after the batch (test)');
          return done;
        },
      },
    });
    app = await buildServer({
      env: testEnv,
      prisma: db.prisma,
      temporal: env.client,
      mailer: mail.mailer,
      templates: new TemplateCache(),
      crm,
      health: createHealthChecks({ db, temporal: env.client, temporalAddress: 'test server', mailer: mail.mailer }),
    });
    key = (await createApiKey(db.prisma, { name: 'marketing', role: 'MARKETING' })).key;
  });
  afterAll(async () => {
    await app?.close();
    await worker?.stop();
    await Promise.all([env?.teardown(), db?.cleanup(), mail?.close()]);
  });

  const call = (o: InjectOptions) => app.inject({ ...o, headers: { authorization: `Bearer ${key}`, ...(o.headers ?? {}) } });
  const raw = (url: string, body: Buffer | string, type = 'text/csv') =>
    call({ method: 'POST', url, payload: body, headers: { 'content-type': type } });
  const json = (url: string, body: Record<string, unknown>) => call({ method: 'POST', url, payload: body });
  const finished = (id: string) =>
    eventually(
      `import ${id}`,
      async () => {
        const job = (await call({ method: 'GET', url: `/leads/imports/${id}` })).json() as TImport;
        return job.status === 'COMPLETED' && job;
      },
      60_000,
    );
  const lead = (email: string) => db.prisma.lead.findUniqueOrThrow({ where: { email } });

  it('documents the import routes in the OpenAPI document', async () => {
    const doc = (await call({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/leads/imports', '/leads/imports/preview', '/leads/imports/{id}', '/leads/imports/{id}/issues.csv']),
    );
  });

  describe('preview', () => {
    it('reads the raw file, suggests the column and value mapping, and dry-runs the first rows', async () => {
      const file = cp1252(
        [
          'Sähköposti;Etunimi;Sukunimi;Lähde;Ostoaikataulu;Toimiala',
          'jurgen.preview@example.de;Jürgen;Müßig;Messe;6 months;Maschinenbau',
          'eva.preview@example.fr;Éva;Öberg;Messe;asap;Retail',
          'bad-email;Bo;Ärlig;Carrier pigeon;;',
        ].join('\r\n'),
      );
      const res = await raw('/leads/imports/preview', file, 'application/octet-stream');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        encoding: 'windows-1252',
        delimiter: ';',
        headers: ['Sähköposti', 'Etunimi', 'Sukunimi', 'Lähde', 'Ostoaikataulu', 'Toimiala'],
        rows: [
          ['jurgen.preview@example.de', 'Jürgen', 'Müßig', 'Messe', '6 months', 'Maschinenbau'],
          ['eva.preview@example.fr', 'Éva', 'Öberg', 'Messe', 'asap', 'Retail'],
          ['bad-email', 'Bo', 'Ärlig', 'Carrier pigeon', '', ''],
        ],
        rowCount: 3,
        suggestedMapping: {
          Sähköposti: 'email',
          Etunimi: 'firstName',
          Sukunimi: 'lastName',
          Lähde: 'source',
          Ostoaikataulu: 'purchaseTimeframe',
          Toimiala: null,
        },
        missing: [],
        enumColumns: {
          Lähde: {
            field: 'source',
            distinctValues: [
              { value: 'Messe', count: 2, suggested: 'TRADE_SHOW' },
              { value: 'Carrier pigeon', count: 1, suggested: null },
            ],
          },
          Ostoaikataulu: {
            field: 'purchaseTimeframe',
            distinctValues: [
              { value: '6 months', count: 1, suggested: 'MONTHS' },
              { value: 'asap', count: 1, suggested: 'NOW' },
            ],
          },
        },
        check: { rows: 3, errors: 1, warnings: 1 },
      });
      // Nothing was stored.
      expect(await db.prisma.leadImport.count()).toBe(0);
    });
  });

  describe('a mapped import', () => {
    it('maps columns and values, keeps rows with unusable optional values (field empty, warning), fails bad emails, survives a retried batch', async () => {
      const csv = [
        'Sähköposti,Etunimi,Sukunimi,Lähde,Ostoaikataulu,Puhelin,Toimiala,Huom',
        'aino.map@example.fi,Aino,Aalto,Messut,6 months,+358 40 111 2233,retail,call her',
        'bo.map@example.se,Bo,Berg,Carrier pigeon,immediate,12,software,',
        'not-an-email,Cy,,Messut,,,,',
        ',Dee,,,,,,',
        'eva.map@example.fr,Éva,"Öberg',
        '(née Ström)",Kumppanin lista,maybe,,,',
      ].join('\n');
      const mapping = {
        columns: { Huom: 'ignore', Toimiala: 'attribute:industry' },
        values: { source: { 'Kumppanin lista': 'THIRD_PARTY' } },
      };
      const started = await json('/leads/imports', { csv, fileName: 'messut.csv', mapping });
      expect([started.statusCode, started.json().error]).toEqual([202, undefined]);
      const id = started.json().id as string;
      crashOnce.add(id);
      expect(started.json()).toMatchObject({ fileName: 'messut.csv', total: 5, status: 'RUNNING' });
      expect((started.json() as TImport).mapping!.columns).toEqual([
        { column: 'Sähköposti', target: 'email' },
        { column: 'Etunimi', target: 'firstName' },
        { column: 'Sukunimi', target: 'lastName' },
        { column: 'Lähde', target: 'source' },
        { column: 'Ostoaikataulu', target: 'purchaseTimeframe' },
        { column: 'Puhelin', target: 'phone' },
        { column: 'Toimiala', target: 'attribute:industry' },
        { column: 'Huom', target: 'ignore' },
      ]);

      const done = await finished(id);
      expect(crashOnce.has(id)).toBe(false); // the first attempt of the batch did crash, and was retried
      expect(done).toMatchObject({ total: 5, processed: 5, created: 3, merged: 0, failed: 2, warned: 2, percent: 100 });
      expect(done.errors).toEqual([
        {
          row: 4,
          email: 'not-an-email',
          column: 'Sähköposti',
          value: 'not-an-email',
          message: '"not-an-email" is not a valid email address',
        },
        { row: 5, email: null, column: 'Sähköposti', value: '', message: 'email is empty: every lead needs one' },
      ]);
      // Once each, although the batch ran twice.
      expect(done.warnings).toEqual([
        {
          row: 3,
          email: 'bo.map@example.se',
          column: 'Lähde',
          value: 'Carrier pigeon',
          message: expect.stringMatching(
            /^"Carrier pigeon" is not a known source \(map it to one of REFERRAL, .*THIRD_PARTY\); the field was left empty$/,
          ),
        },
        {
          row: 3,
          email: 'bo.map@example.se',
          column: 'Puhelin',
          value: '12',
          message: 'phone: must be an international number starting with + (e.g. +358 40 123 4567); the field was left empty',
        },
        {
          row: 6,
          email: 'eva.map@example.fr',
          column: 'Ostoaikataulu',
          value: 'maybe',
          message: expect.stringMatching(
            /^"maybe" is not a known purchase timeframe \(map it to one of NONE, MONTHS, NOW\); the field was left empty$/,
          ),
        },
      ]);
      expect(await db.prisma.leadEvent.count({ where: { idempotencyKey: { startsWith: `import/${id}/` }, type: 'lead.created' } })).toBe(3);

      expect(await lead('aino.map@example.fi')).toMatchObject({
        firstName: 'Aino',
        lastName: 'Aalto',
        source: 'TRADE_SHOW',
        purchaseTimeframe: 'MONTHS',
        heat: 'WARM',
        phone: '+358401112233',
        attributes: { industry: 'retail' },
      });
      // Kept, with the unusable fields empty.
      expect(await lead('bo.map@example.se')).toMatchObject({ source: null, phone: null, purchaseTimeframe: 'NOW', heat: 'HOT' });
      expect(await lead('eva.map@example.fr')).toMatchObject({
        firstName: 'Éva',
        lastName: 'Öberg\n(née Ström)',
        source: 'THIRD_PARTY',
        purchaseTimeframe: null,
      });
      expect(await db.prisma.lead.count({ where: { firstName: { in: ['Cy', 'Dee'] } } })).toBe(0);

      const issues = await call({ method: 'GET', url: `/leads/imports/${id}/issues.csv` });
      expect(issues.statusCode).toBe(200);
      expect(issues.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(issues.headers['content-disposition']).toBe(`attachment; filename="messut-issues.csv"; filename*=UTF-8''messut-issues.csv`);
      expect(issues.body.startsWith('\uFEFF')).toBe(true);
      expect(issues.body.slice(1).trimEnd().split('\r\n')).toEqual([
        'row,kind,column,value,email,message',
        expect.stringMatching(
          /^3,warning,Lähde,Carrier pigeon,bo\.map@example\.se,"""Carrier pigeon"" is not a known source \(map it to one of REFERRAL, /,
        ),
        '3,warning,Puhelin,12,bo.map@example.se,"phone: must be an international number starting with + (e.g. +358 40 123 4567); the field was left empty"',
        '4,error,Sähköposti,not-an-email,not-an-email,"""not-an-email"" is not a valid email address"',
        '5,error,Sähköposti,,,email is empty: every lead needs one',
        expect.stringMatching(/^6,warning,Ostoaikataulu,maybe,eva\.map@example\.fr,"""maybe"" is not a known purchase timeframe/),
      ]);
    });
  });

  describe('files as they come', () => {
    it('imports a Windows-1252 file with semicolons and CRLF by header name (no mapping), keeping Ä, é, ß, € and curly quotes', async () => {
      const file = cp1252(
        [
          'email;firstName;lastName;company',
          'anke.w1252@example.de;Änne;Weiß;Müller & Söhne GmbH',
          'rene.w1252@example.fr;René;Dupré;“Café” – 5 €',
          'not-an-email;Jörg;;',
          '',
        ].join('\r\n'),
      );
      const started = await raw('/leads/imports?fileName=w1252.csv', file);
      expect([started.statusCode, started.json().mapping]).toEqual([202, null]);
      const done = await finished(started.json().id);
      expect(done).toMatchObject({ created: 2, failed: 1, warnings: [] });
      // Errors of an import without a mapping keep their shape: no column or value.
      expect(done.errors).toEqual([{ row: 4, email: 'not-an-email', message: 'email: Invalid email address' }]);
      expect(await lead('anke.w1252@example.de')).toMatchObject({ firstName: 'Änne', lastName: 'Weiß', company: 'Müller & Söhne GmbH' });
      expect(await lead('rene.w1252@example.fr')).toMatchObject({ firstName: 'René', lastName: 'Dupré', company: '“Café” – 5 €' });
    });

    it('imports a UTF-8 file with a BOM, CRLF and a quoted field with a newline, with the suggested mapping (?mapping=auto)', async () => {
      const file = Buffer.from('\uFEFFSähköposti,Etunimi,Yritys,Lähde\r\nsiiri.bom@example.fi,Siiri,"Oy Ab\r\nHelsinki",Messut\r\n');
      const started = await raw('/leads/imports?mapping=auto&fileName=bom.csv', file);
      expect(started.statusCode).toBe(202);
      expect(await finished(started.json().id)).toMatchObject({ created: 1, failed: 0, warned: 0 });
      expect(await lead('siiri.bom@example.fi')).toMatchObject({ firstName: 'Siiri', company: 'Oy Ab\r\nHelsinki', source: 'TRADE_SHOW' });
    });

    it('takes the bytes as base64 in JSON, detecting their encoding like a raw upload', async () => {
      const csvBase64 = cp1252('E-mail,Vorname\ngross.b64@example.de,Jörg Groß\n').toString('base64');
      const started = await json('/leads/imports', { csvBase64, fileName: 'b64.csv', mapping: {} });
      expect(started.statusCode).toBe(202);
      await finished(started.json().id);
      expect(await lead('gross.b64@example.de')).toMatchObject({ firstName: 'Jörg Groß' });
    });
  });

  describe('bad input is a clear 4xx, never a 500', () => {
    it('refuses a file without an email column, naming what is missing and the headers found', async () => {
      const res = await json('/leads/imports', { csv: 'Nimi,Puhelin\nAino,+358401112224\n', mapping: {} });
      expect([res.statusCode, res.json().error]).toEqual([
        400,
        {
          code: 'VALIDATION_FAILED',
          message: 'The file has no column for email (found: Nimi, Puhelin); map a column to it',
          details: ['email: map a column to it, e.g. "columns": { "<column>": "email" } (found: Nimi, Puhelin)'],
        },
      ]);
      // Without a mapping: today's header-name rule.
      const legacy = await raw('/leads/imports', 'Name,Phone\nA,+358401112224');
      expect([legacy.statusCode, legacy.json().error.details]).toEqual([
        400,
        ['email: add a "email" column (found: Name, Phone)', 'firstName: add a "firstName" column (found: Name, Phone)'],
      ]);
    });

    it('refuses an empty file, a header without rows, and a mapping that does not fit the file or is malformed', async () => {
      for (const res of [
        await raw('/leads/imports', ''),
        await raw('/leads/imports/preview', ' \r\n'),
        await json('/leads/imports', { csv: '' }),
      ])
        expect([res.statusCode, res.json().error.message]).toEqual([400, 'The CSV is empty: it needs a header row and one lead per row']);
      const headerOnly = await json('/leads/imports', { csv: 'email,firstName\n', mapping: {} });
      expect([headerOnly.statusCode, headerOnly.json().error.message]).toEqual([400, 'The CSV has a header but no leads']);
      const unknown = await json('/leads/imports', { csv: 'email,firstName\na@x.fi,A\n', mapping: { columns: { 'E-mail': 'email' } } });
      expect([unknown.statusCode, unknown.json().error.details]).toEqual([
        400,
        ['columns."E-mail": the file has no such column (found: email, firstName)'],
      ]);
      const malformed = await json('/leads/imports', { csv: 'email,firstName\na@x.fi,A\n', mapping: { columns: { email: 'emial' } } });
      expect([malformed.statusCode, malformed.json().error.issues]).toEqual([
        400,
        [{ path: 'body.mapping.columns.email', message: 'must be a lead field, "ignore" or "attribute:<name>" (letters, digits, _)' }],
      ]);
      const both = await json('/leads/imports/preview', { csv: 'a', csvBase64: 'YQ==' });
      expect([both.statusCode, both.json().error.message]).toEqual([
        400,
        'Invalid request: body.csv: send the file in exactly one of csv (text) or csvBase64 (its bytes)',
      ]);
      expect((await call({ method: 'GET', url: '/leads/imports/00000000-0000-4000-8000-000000000000/issues.csv' })).statusCode).toBe(404);
    });

    it('answers 413 PAYLOAD_TOO_LARGE for a 50 MB upload, and for a 21 MB one (under the body limit, which leaves room for base64 JSON)', async () => {
      const huge = Buffer.alloc(50 * 1024 * 1024, 0x61);
      for (const url of ['/leads/imports', '/leads/imports/preview']) {
        const res = await raw(url, huge);
        expect([res.statusCode, res.json().error]).toEqual([
          413,
          { code: 'PAYLOAD_TOO_LARGE', message: 'The file is larger than 20 MB, the most one import takes: split it into smaller files' },
        ]);
      }
      const over = await raw('/leads/imports', Buffer.alloc(21 * 1024 * 1024, 0x61));
      expect([over.statusCode, over.json().error.code, over.json().error.message]).toEqual([
        413,
        'PAYLOAD_TOO_LARGE',
        'The file is larger than 20 MB (21.0 MB), the most one import takes: split it into smaller files',
      ]);
      expect(await db.prisma.leadImport.count({ where: { fileName: 'upload.csv' } })).toBe(0);
    });
  });

  describe('nurture leads import with --map and --value', () => {
    beforeAll(async () => {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;
      process.env.NURTURE_API_URL = `http://127.0.0.1:${port}`;
      process.env.NURTURE_API_KEY = key;
    });

    it('maps columns and values from the command line, printing progress, then the warnings and the errors', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-import-'));
      const file = path.join(dir, 'messut.csv');
      fs.writeFileSync(
        file,
        cp1252(
          ['Osoite;Nimi;Lähde', 'paivi.cli@example.fi;Päivi;Messut', 'kalle.cli@example.fi;Kalle;Ovikoputus', 'huono;Olli;Messut', ''].join(
            '\r\n',
          ),
        ),
      );
      const lines: string[] = [];
      const out = (l: string) => lines.push(l);
      const code = await run(
        ['leads', 'import', file, '--map', 'email=Osoite', '--map', 'source=Lähde', '--value', 'source:Messut=TRADE_SHOW'],
        out,
        { pollMs: 50 },
      );
      expect(code).toBe(1);
      expect(lines.at(0)).toMatch(/^ {2}0\/3 rows \(0%\)/);
      expect(lines.slice(-4)).toEqual([
        '  3/3 rows (100%) · 2 new · 0 known · 1 failed',
        expect.stringMatching(
          /^ {2}⚠ row 3 \(kalle\.cli@example\.fi\), Lähde: "Ovikoputus" is not a known source .*; the field was left empty$/,
        ),
        '  row 4 (huono), Osoite: "huono" is not a valid email address',
        '✘ messut.csv: 2 new lead(s), 0 known lead(s) updated, 1 row(s) failed, 1 warning(s)',
      ]);
      expect(await lead('paivi.cli@example.fi')).toMatchObject({ firstName: 'Päivi', source: 'TRADE_SHOW' });

      // A mapping file, and usage errors.
      const mappingFile = path.join(dir, 'mapping.json');
      fs.writeFileSync(mappingFile, JSON.stringify({ columns: { Osoite: 'email', Lähde: 'ignore' } }));
      fs.writeFileSync(file, 'Osoite,Nimi,Lähde\nsanna.cli@example.fi,Sanna,whatever\n');
      lines.length = 0;
      expect(await run(['leads', 'import', file, '--mapping', mappingFile], out, { pollMs: 50 })).toBe(0);
      expect(lines.at(-1)).toBe('✔ messut.csv: 1 new lead(s), 0 known lead(s) updated, 0 row(s) failed');
      expect((await lead('sanna.cli@example.fi')).source).toBeNull();
      lines.length = 0;
      expect(await run(['leads', 'import', file, '--map', 'E-mail=email'], out)).toBe(2);
      expect(lines).toEqual([expect.stringMatching(/^✘ mapping: --map E-mail=email: expected <field>=<column>/)]);
      // Over the wire too, the 50 MB file gets the clear answer (not a reset connection).
      const huge = path.join(dir, 'huge.csv');
      fs.writeFileSync(huge, Buffer.alloc(50 * 1024 * 1024, 0x61));
      lines.length = 0;
      expect(await run(['leads', 'import', huge], out)).toBe(1);
      expect(lines).toEqual(['✘ ' + huge + ': The file is larger than 20 MB, the most one import takes: split it into smaller files']);
      lines.length = 0;
      expect(await run(['leads', 'import', file, '--bogus'], out)).toBe(2);
      expect(lines[0]).toBe('✘ unknown option --bogus');
    });
  });
});
