/**
 * The sequence definition language. One zod schema is the source of the TypeScript types, the
 * API's validation and the OpenAPI document. Steps are a flat list with ids; branches jump to a
 * step id, so a journey's position is one index (simple to persist across continue-as-new).
 *
 * Workflow code imports only *types* from here; the runtime helpers it needs are in engine.ts
 * and time.ts.
 */
import { z } from 'zod';
import { isTimeZone, parseDuration, WEEKDAYS } from './time';

const ZId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be 1–63 lower-case letters, digits, _ or -');
export const ZSequenceKey = ZId;
const ZTemplateKey = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be a template key');
export const ZDuration = z
  .string()
  .refine(
    (v) => parseDuration(v) !== undefined && parseDuration(v)! > 0,
    'must be a duration like "3 days", "36 hours", "90 minutes" or "2 weeks"',
  );
const ZHhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like "09:00"');
export const ZTimeZone = z.string().refine(isTimeZone, 'must be an IANA time zone like "Europe/Helsinki"');

export const ENGAGEMENT_EVENTS = ['opened', 'clicked', 'replied', 'purchased', 'meeting_booked', 'bounced', 'complained'] as const;
/** Built-in engagement events, or `custom:<name>`. */
export const ZEventType = z.union([
  z.enum(ENGAGEMENT_EVENTS),
  z.string().regex(/^custom:[a-z0-9_.-]{1,60}$/, 'must be a known event or custom:<name>'),
]);
export type TEventType = z.infer<typeof ZEventType>;

const LEAD_STATUSES = ['NEW', 'MQL', 'SQL', 'CUSTOMER', 'LOST', 'DEFERRED', 'RECYCLED'] as const;
const LEAD_HEATS = ['COLD', 'WARM', 'HOT'] as const;
const ZScalar = z.union([z.string(), z.number(), z.boolean()]);

export type TCondition =
  | {
      type: 'field';
      field: string;
      op: 'eq' | 'neq' | 'in' | 'gt' | 'gte' | 'lt' | 'lte' | 'exists';
      value?: string | number | boolean | (string | number | boolean)[] | undefined;
    }
  | { type: 'tag'; has: string }
  | { type: 'engagement'; event: TEventType; step?: string | undefined }
  | { type: 'all'; of: TCondition[] }
  | { type: 'any'; of: TCondition[] }
  | { type: 'not'; condition: TCondition };

/**
 * Conditions on the lead (status, heat, score, source, locale, tags, attributes.<name>) and on
 * engagement with the journey so far (an event, optionally for one step's email).
 */
export const ZCondition: z.ZodType<TCondition> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({
      type: z.literal('field'),
      field: z
        .string()
        .regex(
          /^(status|heat|score|source|locale|timeZone|company|attributes\.[A-Za-z0-9_]+)$/,
          'must be status, heat, score, source, locale, timeZone, company or attributes.<name>',
        ),
      op: z.enum(['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'exists']),
      value: z.union([ZScalar, z.array(ZScalar)]).optional(),
    }),
    z.object({ type: z.literal('tag'), has: z.string().min(1).max(60) }),
    z.object({ type: z.literal('engagement'), event: ZEventType, step: ZId.optional() }),
    z.object({ type: z.literal('all'), of: z.array(ZCondition).min(1) }),
    z.object({ type: z.literal('any'), of: z.array(ZCondition).min(1) }),
    z.object({ type: z.literal('not'), condition: ZCondition }),
  ]),
);

const base = { id: ZId, name: z.string().max(200).optional() };

export const ZEmailStep = z.object({
  ...base,
  type: z.literal('email'),
  email: z.object({
    template: ZTemplateKey,
    /** Per-locale template variants, e.g. { "hy": "welcome-hy" }; the lead's locale picks, `template` is the fallback. */
    variants: z.record(z.string().min(2).max(35), ZTemplateKey).default({}),
    /** marketing: the sequence's sender, obeys unsubscribe; owner: a 1:1 email from the lead's rep. */
    from: z.enum(['marketing', 'owner']).default('marketing'),
    /**
     * Fills {{offer.name}}, {{offer.price}}, {{offer.url}} from the product catalogue, never with a
     * product the customer bought: cross (related to a purchase), up (a higher tier in a purchased
     * category) or current (the newest active product). With nothing to offer the step is skipped.
     */
    offer: z.enum(['cross', 'up', 'current']).optional(),
  }),
});

export const ZWaitStep = z.object({
  ...base,
  type: z.literal('wait'),
  wait: z
    .object({
      duration: ZDuration.optional(),
      until: z.iso.datetime({ offset: true, error: 'must be an ISO date-time with offset, like 2026-12-01T09:00:00+02:00' }).optional(),
      /** A date in the lead's attributes (YYYY-MM-DD or ISO date-time), plus an optional offset. */
      untilAttribute: z
        .string()
        .regex(/^[A-Za-z0-9_]+$/)
        .optional(),
      offset: z
        .string()
        .regex(/^[+-]/, 'must start with + or -')
        .refine((v) => parseDuration(v.slice(1)) !== undefined, 'must be like "-1 day" or "+2 hours"')
        .optional(),
      businessDays: z.number().int().min(1).max(260).optional(),
    })
    .refine((w) => [w.duration, w.until, w.untilAttribute, w.businessDays].filter((v) => v !== undefined).length === 1, {
      message: 'set exactly one of duration, until, untilAttribute, businessDays',
    }),
});

export const ZWaitForEventStep = z.object({
  ...base,
  type: z.literal('waitForEvent'),
  waitForEvent: z.object({
    /** Event → step id to continue at ("next" continues with the following step). */
    on: z.record(ZEventType, z.union([ZId, z.literal('next')])).refine((o) => Object.keys(o).length > 0, 'name at least one event'),
    timeout: ZDuration,
    onTimeout: z.union([ZId, z.literal('next')]).default('next'),
  }),
});

export const ZBranchStep = z.object({
  ...base,
  type: z.literal('branch'),
  branch: z.object({ when: ZCondition, then: z.union([ZId, z.literal('next')]), else: z.union([ZId, z.literal('next')]).default('next') }),
});

export const ZUpdateLeadStep = z.object({
  ...base,
  type: z.literal('updateLead'),
  updateLead: z
    .object({
      status: z.enum(LEAD_STATUSES).optional(),
      heat: z.enum(LEAD_HEATS).optional(),
      scoreDelta: z.number().int().min(-1000).max(1000).optional(),
      addTags: z.array(z.string().min(1).max(60)).max(20).optional(),
      removeTags: z.array(z.string().min(1).max(60)).max(20).optional(),
      /** Defers the lead for this long from now (its deferredUntil; the status stays unless `status` is set). */
      deferFor: ZDuration.optional(),
    })
    .refine(
      (u) => Object.values(u).some((v) => v !== undefined),
      'change at least one of status, heat, scoreDelta, addTags, removeTags, deferFor',
    ),
});

export const ZTaskStep = z.object({
  ...base,
  type: z.literal('task'),
  task: z.object({
    kind: z.enum(['call', 'meeting', 'send_offer', 'email', 'other']),
    title: z.string().min(1).max(300),
    dueIn: ZDuration,
  }),
});

export const ZNotifyStep = z.object({
  ...base,
  type: z.literal('notify'),
  notify: z.object({
    to: z.union([z.literal('owner'), z.object({ email: z.email() })]),
    subject: z.string().min(1).max(200),
    message: z.string().min(1).max(5000),
  }),
});

export const ZEnrollStep = z.object({ ...base, type: z.literal('enroll'), enroll: z.object({ sequence: ZSequenceKey }) });

export const ZRepeatStep = z.object({
  ...base,
  type: z.literal('repeat'),
  /** Waits `every`, then runs again from step `from` (an earlier step) … */
  repeat: z
    .object({
      from: ZId,
      every: ZDuration,
      /** … until it has run `times` times in all, … */
      times: z.number().int().min(2).max(1000).optional(),
      /** … or until this instant, … */
      until: z.iso.datetime({ offset: true }).optional(),
      /** … or while this condition holds, … */
      while: ZCondition.optional(),
      /** … or until the date in this lead attribute (e.g. "deferredUntil"). At least one bound is required. */
      untilAttribute: z
        .string()
        .regex(/^[A-Za-z0-9_]+$/)
        .optional(),
    })
    .refine(
      (r) => r.times !== undefined || r.until !== undefined || r.while !== undefined || r.untilAttribute !== undefined,
      'set at least one of times, until, while, untilAttribute (a repeat must end)',
    ),
});

/** Greets the lead on each calendar holiday of its language (journey/holidays.ts) for a period. */
export const ZGreetingsStep = z.object({
  ...base,
  type: z.literal('greetings'),
  greetings: z.object({
    template: ZTemplateKey,
    /** Per-locale template variants, as on email steps: { "kk": "holiday-greeting-kk" }. */
    variants: z.record(z.string().min(2).max(35), ZTemplateKey).default({}),
    during: ZDuration,
  }),
});

/** Lead fields a webhook step may send (besides the lead's id, always sent). */
export const WEBHOOK_STEP_FIELDS = [
  'email',
  'firstName',
  'lastName',
  'company',
  'phone',
  'status',
  'heat',
  'score',
  'source',
  'locale',
  'tags',
] as const;

/**
 * Calls an endpoint with the lead's id and chosen fields (a signed POST, Standard Webhooks
 * headers). With `answer`, the journey waits for the reply and branches on one of its JSON
 * fields, e.g. a CRM answering { "result": "customer" }; a call that keeps failing goes to `onError`.
 */
export const ZWebhookStep = z.object({
  ...base,
  type: z.literal('webhook'),
  webhook: z.object({
    url: z
      .string()
      .max(2000)
      .refine((v) => /^https?:\/\/[^\s/]+/.test(v), 'must be an http(s) URL'),
    fields: z
      .array(
        z.union([
          z.enum(WEBHOOK_STEP_FIELDS),
          z.string().regex(/^attributes\.[A-Za-z0-9_]+$/, 'must be a lead field or attributes.<name>'),
        ]),
      )
      .max(30)
      .default([]),
    answer: z
      .object({
        /** The reply's JSON field to branch on (a string, number or boolean). */
        field: z
          .string()
          .regex(/^[A-Za-z0-9_]{1,60}$/)
          .default('result'),
        /** Answer value → step id ("next" continues with the following step). */
        on: z.record(z.string().min(1).max(100), z.union([ZId, z.literal('next')])).default({}),
        /** Any other answer (or none). */
        otherwise: z.union([ZId, z.literal('next')]).default('next'),
        /** The call failed (no 2xx within its retries, or a refused address). */
        onError: z.union([ZId, z.literal('next')]).default('next'),
      })
      .optional(),
  }),
});

/** What a split's winner rule compares: the share of each variant's leads who did it after their assignment. */
export const SPLIT_METRICS = ['opened', 'clicked', 'replied', 'converted'] as const;

/**
 * An A/B (or A/B/n) test: each lead goes to one named variant, chosen by weight and fixed per
 * lead (the same lead always gets the same variant: journey/engine.ts pickSplitVariant). With
 * `winner`, once `after` has passed since the split's first assignment, every later lead goes to
 * the variant with the best `metric` so far.
 */
export const ZSplitStep = z.object({
  ...base,
  type: z.literal('split'),
  split: z.object({
    variants: z
      .array(
        z.object({
          name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'must be 1–40 letters, digits, _ or -, e.g. "A" or "short-subject"'),
          weight: z.number().int().min(1).max(1000).default(1).meta({ description: 'Relative share of leads (default 1: equal shares)' }),
          goTo: z.union([ZId, z.literal('next')]).meta({ description: 'The step this variant goes on with' }),
        }),
      )
      .min(2, 'a split needs at least two variants')
      .max(10)
      .refine((vs) => new Set(vs.map((v) => v.name)).size === vs.length, 'variant names must be unique'),
    winner: z
      .object({ after: ZDuration, metric: z.enum(SPLIT_METRICS) })
      .optional()
      .meta({ description: 'Send every lead to the best variant once `after` has passed since the first assignment' }),
  }),
});

export const ZExitStep = z.object({
  ...base,
  type: z.literal('exit'),
  exit: z.object({ reason: z.string().min(1).max(200) }).default({ reason: 'exit step' }),
});

export const ZStep = z.discriminatedUnion('type', [
  ZEmailStep,
  ZWaitStep,
  ZWaitForEventStep,
  ZBranchStep,
  ZUpdateLeadStep,
  ZTaskStep,
  ZNotifyStep,
  ZEnrollStep,
  ZRepeatStep,
  ZGreetingsStep,
  ZWebhookStep,
  ZSplitStep,
  ZExitStep,
]);
export type TStep = z.infer<typeof ZStep>;
export type TStepType = TStep['type'];

export const ZGoal = z.object({
  id: ZId,
  /** A condition on the lead or on engagement, checked on every incoming event and before every step. */
  when: ZCondition,
});
export type TGoal = z.infer<typeof ZGoal>;

export const ZSequenceSettings = z.object({
  /** marketing journeys stop at unsubscribe; sales journeys (1:1 follow-ups) stop at reply/won/lost goals. */
  category: z.enum(['marketing', 'sales']).default('marketing'),
  sendWindow: z
    .object({ days: z.array(z.enum(WEEKDAYS)).min(1), start: ZHhmm, end: ZHhmm })
    .refine((w) => w.start < w.end, { message: 'start must be before end', path: ['end'] })
    .optional(),
  /**
   * The topic people can opt out of in the preference centre (e.g. "product-news", "events"),
   * without unsubscribing from all marketing. Marketing sequences without one are "general".
   */
  topic: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lower-case letters, digits and dashes (e.g. "product-news")')
    .optional(),
  /** Used when the lead has no time zone of its own. */
  defaultTimeZone: ZTimeZone.default('UTC'),
  goals: z.array(ZGoal).default([]),
});

export const ZSequenceDefinition = z
  .object({
    key: ZSequenceKey,
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).default(''),
    settings: ZSequenceSettings.default({ category: 'marketing', defaultTimeZone: 'UTC', goals: [] }),
    steps: z.array(ZStep).min(1).max(200),
  })
  .superRefine((def, ctx) => {
    const index = new Map<string, number>();
    def.steps.forEach((step, i) => {
      if (index.has(step.id)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `duplicate step id "${step.id}"` });
      index.set(step.id, i);
    });
    const target = (path: (string | number)[], id: string) => {
      if (id !== 'next' && !index.has(id)) ctx.addIssue({ code: 'custom', path, message: `no step with id "${id}"` });
    };
    const engagementSteps = (c: TCondition, path: (string | number)[]): void => {
      if (c.type === 'engagement' && c.step !== undefined && !index.has(c.step))
        ctx.addIssue({ code: 'custom', path: [...path, 'step'], message: `no step with id "${c.step}"` });
      if (c.type === 'all' || c.type === 'any') c.of.forEach((x, j) => engagementSteps(x, [...path, 'of', j]));
      if (c.type === 'not') engagementSteps(c.condition, [...path, 'condition']);
    };
    def.steps.forEach((step, i) => {
      const at = ['steps', i, step.type];
      switch (step.type) {
        case 'branch':
          target([...at, 'then'], step.branch.then);
          target([...at, 'else'], step.branch.else);
          engagementSteps(step.branch.when, [...at, 'when']);
          break;
        case 'waitForEvent':
          for (const [event, to] of Object.entries(step.waitForEvent.on)) target([...at, 'on', event], to);
          target([...at, 'onTimeout'], step.waitForEvent.onTimeout);
          break;
        case 'repeat': {
          const from = index.get(step.repeat.from);
          if (from === undefined) ctx.addIssue({ code: 'custom', path: [...at, 'from'], message: `no step with id "${step.repeat.from}"` });
          else if (from >= i) ctx.addIssue({ code: 'custom', path: [...at, 'from'], message: 'must name an earlier step' });
          if (step.repeat.while) engagementSteps(step.repeat.while, [...at, 'while']);
          break;
        }
        case 'enroll':
          if (step.enroll.sequence === def.key)
            ctx.addIssue({ code: 'custom', path: [...at, 'sequence'], message: 'a sequence cannot enroll into itself' });
          break;
        case 'webhook':
          if (step.webhook.answer) {
            for (const [value, to] of Object.entries(step.webhook.answer.on)) target([...at, 'answer', 'on', value], to);
            target([...at, 'answer', 'otherwise'], step.webhook.answer.otherwise);
            target([...at, 'answer', 'onError'], step.webhook.answer.onError);
          }
          break;
        case 'split':
          step.split.variants.forEach((v, j) => target([...at, 'variants', j, 'goTo'], v.goTo));
          break;
        case 'email':
        case 'wait':
        case 'updateLead':
        case 'task':
        case 'notify':
        case 'greetings':
        case 'exit':
          break;
        default: {
          const unreachable: never = step;
          throw new Error(`unhandled step ${JSON.stringify(unreachable)}`);
        }
      }
    });
    def.settings.goals.forEach((g, j) => engagementSteps(g.when, ['settings', 'goals', j, 'when']));
  });

export type TSequenceDefinition = z.infer<typeof ZSequenceDefinition>;
export type TSequenceDefinitionInput = z.input<typeof ZSequenceDefinition>;

/** `steps[3].wait.until: must be …` — zod issues as the one-line paths the API and CLI print. */
export function formatDefinitionIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.reduce<string>(
      (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
      '',
    ),
    message: issue.message,
  }));
}
