/**
 * The whole process environment, parsed once at boot by one zod schema (the model is
 * trigger.dev's env.server.ts). Every variable is documented in .env.example and the README.
 */
import { z } from 'zod';
import { AppError } from './errors';
import { parseDuration } from '../journey/time';
import { DEFAULT_FALLBACK, parseFallbackSetting } from './i18n/fallback';
import { parsePayloadKeys } from './temporal/payload-codec';
import { parseRetrySchedule } from './webhooks/retry-schedule';

const ZDurationMs = z
  .string()
  .trim()
  .refine((v) => (parseDuration(v) ?? 0) > 0, 'must be a duration like "1 day", "36 hours" or "90 minutes"')
  .transform((v) => parseDuration(v)!);

const ZOptionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const ZUrlOf = (protocols: readonly string[], example: string) =>
  ZOptionalString.refine(
    (v) => {
      if (v === undefined) return true;
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL like ${example}` },
  );

/** Public in the repo on purpose: it only ever signs dev links. Production must set its own. */
export const DEV_SIGNING_SECRET = 'dev-only-signing-secret-not-for-production-use';

const ZPort = z.coerce.number({ error: 'must be a port number (0–65535)' }).int().min(0).max(65535);
const ZCount = z.coerce.number({ error: 'must be a whole number' }).int().min(1);

export const ZEnv = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    /** Folder for embedded state: PGlite data, Temporal dev-server SQLite file, dev mailbox. */
    DATA_DIR: z.string().default('.data'),

    /** PostgreSQL connection string. Unset: embedded PGlite in DATA_DIR/pglite. */
    DATABASE_URL: ZUrlOf(['postgres:', 'postgresql:'], 'postgresql://user@127.0.0.1:5432/db'),

    TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('nurture-engine'),
    /** TLS for Temporal Cloud or a secured cluster (mTLS paths, or an API key). */
    TEMPORAL_TLS: z.stringbool().default(false),
    TEMPORAL_TLS_CERT_PATH: ZOptionalString,
    TEMPORAL_TLS_KEY_PATH: ZOptionalString,
    TEMPORAL_API_KEY: ZOptionalString,
    /**
     * Set when the server has NurtureLeadId, NurtureSequenceKey and NurtureStatus (Keyword)
     * registered: journeys are then findable by lead, sequence and status in the Web UI.
     * npm run dev's embedded server registers them and turns this on.
     */
    TEMPORAL_SEARCH_ATTRIBUTES: z.stringbool().default(false),
    /** npm run dev only, when TEMPORAL_ADDRESS is unset: the embedded dev server's gRPC port. */
    TEMPORAL_DEV_PORT: ZPort.default(7233),
    /** npm run dev only: the embedded dev server's Web UI port. */
    TEMPORAL_UI_PORT: ZPort.default(8233),
    TEMPORAL_CLI_PATH: ZOptionalString,
    TEMPORAL_TEST_SERVER_PATH: ZOptionalString,

    /** SMTP relay, e.g. smtps://user:pass@smtp.example.com:465. Unset: embedded capture. */
    SMTP_URL: ZUrlOf(['smtp:', 'smtps:'], 'smtp://user:pass@host:587'),
    SMTP_POOL_SIZE: ZCount.max(100).default(5),
    /** Embedded SMTP capture port (only when SMTP_URL is unset). */
    SMTP_CAPTURE_PORT: ZPort.default(1025),
    MAIL_FROM: z.string().min(3).default('Nurture Engine <hello@nurture.localhost>'),
    /** Domain used on the right of generated Message-IDs. */
    MESSAGE_ID_DOMAIN: z.string().min(1).default('nurture.localhost'),

    /** The sender's postal address, printed in every marketing email's footer (CAN-SPAM). Required in production. */
    MAIL_POSTAL_ADDRESS: ZOptionalString,
    /** Mailbox for List-Unsubscribe's mailto: form; its mail must reach POST /webhooks/inbound. Default unsubscribe@MESSAGE_ID_DOMAIN. */
    UNSUBSCRIBE_MAILTO: ZOptionalString.pipe(z.email().optional()),
    /** DKIM signing (all three, or none): d= domain, s= selector and the PEM private key (or a path to it). */
    DKIM_DOMAIN: ZOptionalString,
    DKIM_SELECTOR: ZOptionalString,
    DKIM_PRIVATE_KEY: ZOptionalString,
    DKIM_PRIVATE_KEY_PATH: ZOptionalString,
    /**
     * Quiet hours in the lead's time zone, when no marketing email goes out, e.g. "21:00-08:00";
     * "off" disables them. Sequence send windows narrow sending further.
     */
    QUIET_HOURS: z
      .string()
      .trim()
      .regex(/^(off|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)$/, 'must be "HH:MM-HH:MM" (e.g. 21:00-08:00) or "off"')
      .default('21:00-08:00'),
    /** At most N marketing emails per lead per period across all journeys, e.g. "3/7d"; "off" disables. */
    FREQUENCY_CAP: z
      .string()
      .trim()
      .regex(/^(off|[1-9]\d{0,2}\/[1-9]\d{0,2}d)$/, 'must be "<emails>/<days>d" (e.g. 3/7d) or "off"')
      .default('3/7d'),
    /**
     * SendGrid's Signed Event Webhook verification key: the base64 public key SendGrid shows under
     * Mail Settings → Signed Event Webhook Requests (ECDSA P-256, DER SPKI). Set: POST
     * /webhooks/email-events accepts only batches signed with it, timestamped within 5 minutes of
     * our clock. Unset: the webhook API key alone authenticates the ESP.
     */
    SENDGRID_WEBHOOK_PUBLIC_KEY: ZOptionalString,
    /**
     * authserv-id(s) of our own receiving MTA(s), comma-separated: the first word of the
     * Authentication-Results header they add (e.g. mx.example.com). POST /webhooks/inbound then
     * matches an unsubscribe or reply by its From address only when that header says dmarc=pass
     * (or dkim=pass for the From domain). Unset: the From address alone never matches.
     */
    INBOUND_AUTHSERV_ID: ZOptionalString.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9.-]+(\s*,\s*[A-Za-z0-9.-]+)*$/, 'must be host names, comma-separated (e.g. mx.example.com)')
        .optional(),
    ),
    /** Soft bounces (4xx) within 30 days before an address is suppressed. */
    SOFT_BOUNCE_LIMIT: ZCount.max(100).default(3),
    /** Open pixel and click tracking in lead emails. */
    TRACK_OPENS: z.stringbool().default(true),
    TRACK_CLICKS: z.stringbool().default(true),
    /** When true, marketing email goes only to leads whose latest "marketing" consent is GRANTED. */
    REQUIRE_MARKETING_CONSENT: z.stringbool().default(false),

    /** Languages a reader falls back to before English, e.g. "kk:ru,hy:ru" (README "Languages"). */
    I18N_FALLBACK: z
      .string()
      .default(DEFAULT_FALLBACK)
      .superRefine((v, ctx) => {
        try {
          parseFallbackSetting(v);
        } catch (e) {
          ctx.addIssue({ code: 'custom', message: (e as Error).message });
        }
      }),
    /** The language of emails to reps, managers and admins who have no `locale` of their own (README "Languages"). */
    STAFF_LOCALE: z
      .string()
      .trim()
      .default('en')
      .refine((v) => {
        try {
          return Intl.getCanonicalLocales(v).length === 1;
        } catch {
          return false;
        }
      }, 'must be a BCP 47 language tag like "en" or "ru"'),
    /** ISO 4217 currency of catalogue prices and offers ({{offer.price}}). */
    CURRENCY: z
      .string()
      .trim()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like EUR or USD')
      .default('EUR'),
    /** Region for phone numbers given without a country code, e.g. FI; unset: numbers must start with +. */
    DEFAULT_PHONE_REGION: ZOptionalString.pipe(
      z
        .string()
        .regex(/^[A-Z]{2}$/, 'must be a two-letter region like FI or AM')
        .optional(),
    ),
    /** An overdue task reminds its rep at the due time, then goes to the manager this long after. */
    TASK_ESCALATE_AFTER: ZDurationMs.default(parseDuration('1 day')!),
    /** Receives escalations for reps without a manager. */
    ESCALATION_EMAIL: ZOptionalString.pipe(z.email().optional()),
    /** How long a newly assigned owner has to act (complete a task, email, change status) before reassignment. */
    ROUTING_SLA: z
      .string()
      .trim()
      .regex(/^HOT=[^,]+,WARM=[^,]+,COLD=[^,]+$/, 'must be "HOT=<duration>,WARM=<duration>,COLD=<duration>" (e.g. HOT=1h,WARM=1d,COLD=3d)')
      .default('HOT=1h,WARM=1d,COLD=3d')
      .transform((v, ctx) => {
        const out = {} as Record<'HOT' | 'WARM' | 'COLD', number>;
        for (const part of v.split(',')) {
          const [heat, text] = part.split('=') as ['HOT' | 'WARM' | 'COLD', string];
          const ms = parseDuration(text);
          if (!ms) {
            ctx.addIssue({ code: 'custom', message: `${heat}: "${text}" is not a duration like 1h, 1d or 90 minutes` });
            return z.NEVER;
          }
          out[heat] = ms;
        }
        return out;
      }),
    /** What a customer gets when someone they referred becomes a customer (in the thank-you email). */
    REFERRAL_REWARD: z.string().trim().min(1).max(200).default('20% off your next order'),

    API_HOST: z.string().default('127.0.0.1'),
    API_PORT: ZPort.default(3000),
    /** The address people reach the API at (links in emails). */
    PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:3000'),

    /**
     * The API's browsable docs (/docs) and OpenAPI document (/openapi.json), served publicly.
     * Default: on, except with NODE_ENV=production.
     */
    API_DOCS: z.stringbool().optional(),

    /**
     * HMAC key for public links (unsubscribe, preferences, tracking, questionnaire). At least 32
     * characters. Only the dev stack and the tests may run on the built-in development secret:
     * `npm run api` and `npm run worker` refuse to start without one of your own.
     */
    SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)').default(DEV_SIGNING_SECRET),

    /**
     * Encrypts Temporal payloads (workflow inputs, results, signals, activity data) with
     * AES-256-GCM: "<key id>:<32-byte key, base64>", comma-separated; the first encrypts, all
     * decrypt (rotation). Unset: payloads are stored in clear (the dev stack's default).
     */
    PAYLOAD_ENCRYPTION_KEYS: ZOptionalString,
    /** Origins of the Temporal Web UI allowed to call /codec/encode and /codec/decode (CORS), comma-separated. */
    CODEC_CORS_ORIGINS: z.string().trim().default('http://localhost:8233,http://127.0.0.1:8233'),

    /** Outgoing webhooks: allow endpoints on loopback, link-local and private networks (tests, an on-prem CRM). */
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: z.stringbool().default(false),
    /** Waits between a failed delivery's attempts, e.g. "5s,5m,30m,2h,5h,10h,10h"; after the last one the delivery fails and the subscription pauses. */
    WEBHOOK_RETRY_SCHEDULE: z
      .string()
      .trim()
      .default('5s,5m,30m,2h,5h,10h,10h')
      .refine((v) => parseRetrySchedule(v) !== undefined, 'must be durations like "5s,5m,2h,1d", comma-separated'),
    /** How often the webhook workflow looks for new events (outbox poll). */
    WEBHOOK_POLL_INTERVAL: z
      .string()
      .trim()
      .default('5s')
      .refine((v) => (parseRetrySchedule(v)?.length ?? 0) === 1 && parseRetrySchedule(v)![0]! > 0, 'must be a duration like "5s" or "1m"'),

    /**
     * Email through an ESP's HTTP API instead of SMTP (Resend's POST /emails contract), e.g.
     * https://api.resend.com. Each send carries its idempotency key, so a retried send after a
     * crash is collapsed by the provider. Set: SMTP_URL is not used for sending.
     */
    EMAIL_API_URL: ZUrlOf(['https:', 'http:'], 'https://api.resend.com'),
    /** The ESP API key (Authorization: Bearer …). */
    EMAIL_API_KEY: ZOptionalString,

    /**
     * Sender-reputation guard (ADR-035): marketing sends from a sending domain pause when, over the
     * rolling window, its complaint rate (percent) or hard-bounce rate (percent) passes these,
     * with at least SENDER_REPUTATION_MIN_SENT emails sent in the window. Checked by every worker
     * every SENDER_REPUTATION_CHECK_SECONDS; SENDER_REPUTATION_GUARD=false turns it off.
     */
    SENDER_REPUTATION_GUARD: z.stringbool().default(true),
    SENDER_COMPLAINT_RATE_MAX: z.coerce.number({ error: 'must be a percentage like 0.3' }).min(0).max(100).default(0.3),
    SENDER_HARD_BOUNCE_RATE_MAX: z.coerce.number({ error: 'must be a percentage like 5' }).min(0).max(100).default(5),
    SENDER_REPUTATION_WINDOW: ZDurationMs.default(parseDuration('24 hours')!),
    SENDER_REPUTATION_MIN_SENT: ZCount.default(100),
    SENDER_REPUTATION_CHECK_SECONDS: ZCount.max(86_400).default(60),
    /** Also emailed when sending pauses (besides every enabled ADMIN user). */
    SENDER_REPUTATION_ALERT_EMAIL: ZOptionalString.pipe(z.email().optional()),

    /**
     * Operations (ADR-035). WORKER_HTTP_PORT set: each worker serves /health/live, /health/ready
     * and /metrics on WORKER_HTTP_HOST:WORKER_HTTP_PORT. API_METRICS: the API serves /metrics
     * (public, like /health: bind or firewall it). TEMPORAL_METRICS_BIND_ADDRESS (host:port): the
     * Temporal SDK's own worker metrics, in Prometheus format, from its runtime.
     */
    WORKER_HTTP_PORT: ZPort.optional(),
    WORKER_HTTP_HOST: z.string().default('127.0.0.1'),
    API_METRICS: z.stringbool().default(false),
    TEMPORAL_METRICS_BIND_ADDRESS: ZOptionalString.pipe(
      z
        .string()
        .regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port, e.g. 0.0.0.0:9464')
        .optional(),
    ),
    /** OpenTelemetry traces over OTLP/HTTP (e.g. http://127.0.0.1:4318); unset: tracing off. */
    OTEL_EXPORTER_OTLP_ENDPOINT: ZUrlOf(['http:', 'https:'], 'http://127.0.0.1:4318'),
    OTEL_SERVICE_NAME: ZOptionalString,

    /** Worker tuning. */
    WORKER_MAX_CONCURRENT_ACTIVITIES: ZCount.default(50),
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: ZCount.default(40),
    /** Workflows kept in the worker's memory between tasks; unset: the SDK's default from the heap size (~900 on a 4 GiB heap). */
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number({ error: 'must be a whole number' }).int().min(0).optional(),
    /**
     * The most emails (lead emails and notifications) the whole deployment hands to SMTP per
     * second: Temporal's task-queue rate limit on the send queue (`<TEMPORAL_TASK_QUEUE>-send`),
     * enforced by the server across every worker process (ADR-041). Unset: no limit.
     */
    SEND_RATE_PER_SECOND: z.coerce.number({ error: 'must be a number of emails per second' }).positive().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.SIGNING_SECRET === DEV_SIGNING_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SIGNING_SECRET'], message: 'must be set to your own secret in production' });
    }
    const quiet = /^(\d\d:\d\d)-(\d\d:\d\d)$/.exec(env.QUIET_HOURS);
    if (quiet && !(quiet[1]! > quiet[2]! || quiet[1] === '00:00')) {
      ctx.addIssue({ code: 'custom', path: ['QUIET_HOURS'], message: 'must span midnight (e.g. 21:00-08:00) or start at 00:00' });
    }
    if (env.NODE_ENV === 'production' && !env.MAIL_POSTAL_ADDRESS) {
      ctx.addIssue({
        code: 'custom',
        path: ['MAIL_POSTAL_ADDRESS'],
        message: 'is required in production (CAN-SPAM: marketing email shows a postal address)',
      });
    }
    try {
      parsePayloadKeys(env.PAYLOAD_ENCRYPTION_KEYS);
    } catch (e) {
      const details = (e as AppError).details as string[] | undefined;
      ctx.addIssue({ code: 'custom', path: ['PAYLOAD_ENCRYPTION_KEYS'], message: details?.join('; ') ?? (e as Error).message });
    }
    if (env.EMAIL_API_URL && !env.EMAIL_API_KEY) {
      ctx.addIssue({ code: 'custom', path: ['EMAIL_API_KEY'], message: 'is required with EMAIL_API_URL (the ESP API key)' });
    }
    const dkim = [env.DKIM_DOMAIN, env.DKIM_SELECTOR, env.DKIM_PRIVATE_KEY ?? env.DKIM_PRIVATE_KEY_PATH];
    if (dkim.some(Boolean) && !dkim.every(Boolean)) {
      ctx.addIssue({
        code: 'custom',
        path: ['DKIM_DOMAIN'],
        message: 'DKIM needs DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY (or DKIM_PRIVATE_KEY_PATH) together',
      });
    }
  })
  .transform((env) => ({ ...env, API_DOCS: env.API_DOCS ?? env.NODE_ENV !== 'production' }));

export type TEnv = z.infer<typeof ZEnv>;

/** One readable line per problem, e.g. `DATABASE_URL: must be a URL like …`. */
export function formatEnvIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`);
}

/**
 * What `npm run api` and `npm run worker` (processes that face the world) need beyond ZEnv:
 * a signing secret of their own, whatever NODE_ENV says. The dev stack and the tests are the
 * only places the built-in development secret may sign links.
 */
export function assertProductionSecrets(env: Pick<TEnv, 'SIGNING_SECRET'>, processName: string): void {
  if (env.SIGNING_SECRET === DEV_SIGNING_SECRET) {
    throw new AppError('CONFIG_INVALID', `${processName} refuses to start with the development signing secret`, {
      details: [
        'SIGNING_SECRET: must be set to a secret of your own (e.g. `openssl rand -hex 32`); with the public development secret anyone could forge unsubscribe, preference and click links',
      ],
    });
  }
}

export function parseEnv(source: NodeJS.ProcessEnv = process.env): TEnv {
  const parsed = ZEnv.safeParse(source);
  if (!parsed.success) {
    throw new AppError('CONFIG_INVALID', 'Invalid configuration', {
      details: formatEnvIssues(parsed.error),
    });
  }
  return parsed.data;
}
