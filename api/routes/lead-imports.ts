/**
 * CSV lead imports (registered by leads.ts): preview with suggestions, import with or without a
 * mapping, progress with per-row errors and warnings, and the issues as a CSV download.
 *
 * A file arrives either raw (Content-Type text/csv, text/plain, application/octet-stream or
 * application/vnd.ms-excel, what browsers send for .csv on Windows; its bytes, so the encoding is
 * detected) or as JSON `{ csv | csvBase64, fileName?, mapping? }`. These routes have their own
 * body parsers and limit, so the rest of the API is untouched by them.
 */
import type { FastifyError } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TRouteDeps } from '../server';
import { ROLES } from '../auth';
import { fileTooLarge, MAX_IMPORT_BYTES, MAX_IMPORT_MB } from '../../domain/imports/csv-file';
import { getLeadImport, leadImportIssuesCsv, ZLeadImport } from '../../domain/imports/get-lead-import';
import { previewLeadImport, ZImportPreview } from '../../domain/imports/preview-lead-import';
import { importFileOf, startLeadImport, ZLeadImportRequest } from '../../domain/imports/start-lead-import';
import type { TImportMapping } from '../../domain/imports/mapping-schemas';
import { ZError } from './error-schema';

const RAW_TYPES = ['text/csv', 'text/plain', 'application/octet-stream', 'application/vnd.ms-excel'];

/** Room for a file at the limit sent as base64 in JSON; the file itself is held to MAX_IMPORT_BYTES after decoding. */
const BODY_LIMIT = Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 1024 * 1024;

const ZUpload = z.union([
  z.instanceof(Buffer).meta({ description: 'The raw file (text/csv …): its encoding is detected' }),
  ZLeadImportRequest,
]);

/** A raw upload (bytes) or a JSON one, as the domain takes it. */
const fileOf = (body: z.infer<typeof ZUpload>, query: { fileName?: string | undefined; mapping?: 'auto' | undefined }) =>
  Buffer.isBuffer(body)
    ? { bytes: body, fileName: query.fileName, mapping: query.mapping === 'auto' ? ({} satisfies TImportMapping) : undefined }
    : { ...importFileOf(body), fileName: body.fileName ?? query.fileName, mapping: body.mapping };

/** `attachment; filename="…"` with an ASCII fallback and the UTF-8 name (RFC 6266). */
const attachment = (fileName: string) =>
  `attachment; filename="${fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

const MAPPING_HELP =
  'With a mapping (JSON body, or `?mapping=auto` on a raw upload for the suggestions alone), columns go where the mapping says (`columns`: column → lead field, ' +
  '`attribute:<name>` or `ignore`; unlisted columns take the suggestion of POST /leads/imports/preview, else become an attribute), file values of source, ' +
  'purchaseTimeframe, heat and locale are mapped by `values` then by built-in suggestions, and a value an optional column cannot use leaves that field empty with a ' +
  'warning on the row (`onInvalidOptional: "fail_row"` makes it an error). Rows without email or firstName, or with an invalid email, are errors.';

export const leadImportRoutes: FastifyPluginAsyncZod<TRouteDeps> = async (app, deps) => {
  app.removeContentTypeParser(RAW_TYPES.filter((t) => app.hasContentTypeParser(t)));
  app.addContentTypeParser(RAW_TYPES, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.setErrorHandler((error: FastifyError) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw fileTooLarge();
    throw error; // everything else: the API's error handler
  });
  const phoneRegion = deps.crm.config.defaultPhoneRegion;

  app.post(
    '/leads/imports/preview',
    {
      config: { roles: ROLES.anyone },
      bodyLimit: BODY_LIMIT,
      schema: {
        tags: ['leads'],
        summary: 'Preview a CSV file for import: how it reads, the suggested column and value mapping, and a dry run of the first rows',
        description:
          `The body is the file (raw, or JSON { csv | csvBase64, mapping? }); at most ${MAX_IMPORT_MB} MB. Nothing is stored. Send the mapping being edited to see ` +
          'its effect: `mapping` is what the import would run with, `enumColumns` the values to map per source/timeframe/heat/locale column, `check` the errors and ' +
          'warnings of the first 1,000 rows. A file without an email column is still previewed: `missing` names the required fields to map.',
        body: ZUpload,
        response: { 200: ZImportPreview, 400: ZError, 413: ZError },
      },
    },
    async (req) => previewLeadImport({ defaultPhoneRegion: phoneRegion }, fileOf(req.body, {})),
  );

  app.post(
    '/leads/imports',
    {
      config: { roles: ROLES.anyone },
      bodyLimit: BODY_LIMIT,
      schema: {
        tags: ['leads'],
        summary: 'Import leads from a CSV file (raw text/csv, or JSON with a column mapping)',
        description:
          'Without a mapping, columns are read by header name: email and firstName (required), lastName, company, phone, locale, timeZone, source, campaign, acquisitionCost (e.g. 12.50), purchaseTimeframe (NONE, MONTHS, NOW), ' +
          'heat, ownerName, ownerEmail, referralCode, consentSource, consentTextVersion, consentAt; other columns become custom attributes. Header names ignore case, spaces, dashes and underscores. ' +
          `${MAPPING_HELP} The encoding (UTF-8 with or without BOM, UTF-16, Windows-1252) and delimiter (comma, semicolon, tab) are detected; at most ${MAX_IMPORT_MB} MB. ` +
          'Rows are captured like POST /leads (dedupe, routing, triggers) by a durable workflow; follow progress, per-row errors and warnings at GET /leads/imports/{id}.',
        querystring: z.object({
          fileName: z.string().max(200).optional(),
          mapping: z.literal('auto').optional().meta({ description: 'Raw uploads: map with the suggestions (as the preview shows them)' }),
        }),
        body: ZUpload,
        response: { 202: ZLeadImport, 400: ZError, 413: ZError },
      },
    },
    async (req, reply) => {
      const job = await startLeadImport(
        { prisma: deps.prisma, temporal: deps.temporal, taskQueue: deps.env.TEMPORAL_TASK_QUEUE, defaultPhoneRegion: phoneRegion },
        fileOf(req.body, req.query),
      );
      return reply.status(202).send(await getLeadImport(deps.prisma, job.id));
    },
  );

  app.get(
    '/leads/imports/:id',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['leads'],
        summary: 'Progress, per-row errors and warnings of a CSV import',
        params: z.object({ id: z.uuid() }),
        response: { 200: ZLeadImport, 404: ZError },
      },
    },
    async (req) => getLeadImport(deps.prisma, req.params.id),
  );

  app.get(
    '/leads/imports/:id/issues.csv',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['leads'],
        summary: "A CSV import's errors and warnings as a CSV file (row, kind, column, value, email, message)",
        params: z.object({ id: z.uuid() }),
        response: { 200: z.string().meta({ description: 'text/csv (UTF-8 with BOM), as an attachment' }), 404: ZError },
      },
    },
    async (req, reply) => {
      const { fileName, csv } = await leadImportIssuesCsv({ prisma: deps.prisma }, req.params.id);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', attachment(fileName)).send(csv);
    },
  );
};
