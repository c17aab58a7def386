/**
 * The journey workflow's contract: its input, state, result and status types, its workflow id,
 * signals, query and search attributes. Imported by the API, the domain, the CLI and the worker's
 * workflow alike, so nothing outside the worker imports workflow code. Pure: only the SDK's
 * `defineSignal` / `defineQuery` (name holders) and the journey language's types.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { TSequenceDefinition, TStep } from '../journey/definition';
import type { TEngagementEvent, TLeadSnapshot } from '../journey/engine';

/**
 * What a journey's timer waits for. The interpreter branches on this, never on the `why` text
 * (which is for people: the timeline and the console).
 * - `wait`: a wait step; `event`: a waitForEvent step's timeout; `repeat`: the pause before a
 *   repeat block runs again;
 * - `sendWindow`: an email waits for the sequence's send window in the lead's zone;
 * - `postponed`: the send policy postponed an email (quiet hours, frequency cap, the lead's pause);
 * - `holiday`: a greetings step waits for the holiday `holidayId`; `greetingsEnd`: for its period's end.
 */
export type TJourneyTimerKind = 'wait' | 'event' | 'repeat' | 'sendWindow' | 'postponed' | 'holiday' | 'greetingsEnd';

export type TJourneyTimer = {
  pc: number;
  startedMs: number;
  untilMs: number;
  /** For people (timeline, console); never parsed. */
  why: string;
  /**
   * Absent only in states carried over by continue-as-new from before kinds existed:
   * `timerKind()` reads those once, from their `why` (the only place that text is read).
   */
  kind?: TJourneyTimerKind;
  /** For `holiday`: which holiday (journey/holidays.ts id). */
  holidayId?: string;
};

/** A timer's kind; for a timer persisted before kinds existed, read from its text (the format it was written in). */
export function timerKind(timer: TJourneyTimer): { kind: TJourneyTimerKind; holidayId?: string } {
  if (timer.kind) return timer.holidayId === undefined ? { kind: timer.kind } : { kind: timer.kind, holidayId: timer.holidayId };
  if (timer.why.startsWith('postponed:')) return { kind: 'postponed' };
  if (timer.why.startsWith('send window ')) return { kind: 'sendWindow' };
  const holiday = /^holiday (.+)$/.exec(timer.why);
  if (holiday) return { kind: 'holiday', holidayId: holiday[1]! };
  if (timer.why.startsWith('greetings until ')) return { kind: 'greetingsEnd' };
  if (timer.why.startsWith('event ')) return { kind: 'event' };
  if (timer.why.startsWith('repeat every ')) return { kind: 'repeat' };
  return { kind: 'wait' };
}

export type TJourneyState = {
  /** Index of the step to run next. */
  pc: number;
  /** How many times each step has started: part of every idempotency key (repeats re-run steps). */
  stepRuns: Record<string, number>;
  /** How many times each repeat block has run. */
  repeatRuns: Record<string, number>;
  events: TEngagementEvent[];
  paused: boolean;
  /** The pending timer of the current step, kept so an interruption does not restart it. */
  timer: TJourneyTimer | null;
  /** Steps run since the last wait: a guard against jump loops with no wait in them. */
  stepsWithoutWait: number;
  /** Timeline rows written so far: numbers each row's idempotency key. */
  recorded: number;
  /**
   * The journey's logical clock: set when it starts, moved on only by the deadlines of timers
   * that fire. Steps read time through now(), so a send is stamped with the moment it was due
   * and every wait counts from the previous deadline: a weekly repeat stays exactly weekly for
   * years, across continue-as-new, however long timers and activities take. When the worker
   * runs more than a minute late (down, or the journey was paused), the clock jumps to real time.
   */
  clock?: number;
  /** When each running greetings step's period ends (set on entry, cleared on leaving). */
  periodEnds?: Record<string, number>;
};

export type TJourneyInput = {
  version: 1;
  enrollmentId: string;
  leadId: string;
  sequenceVersionId: string;
  /** Set when the server has the Nurture* search attributes registered. */
  searchAttributes: boolean;
  /** Continue-as-new once history passes this many events (default 5,000; Temporal warns at 10k). */
  historyLimit?: number;
  state?: TJourneyState;
  /** A new journey's first read, done by its enrolment (ADR-055); never carried into a continued run. */
  start?: TJourneyStart;
};

/**
 * What an enrolment read for the journey it starts: the version's definition (immutable once
 * published) and the lead, read just before the start, at `readAtMs`. The journey's first task
 * uses them instead of a read of its own when it runs within JOURNEY_START_FRESH_MS of that read
 * (the task's time is the server's, the read's the enrolling process's: clocks kept by NTP differ
 * by far less); a journey that waited longer, in a backlog, reads again.
 */
export type TJourneyStart = {
  definition: TSequenceDefinition;
  sequenceKey: string;
  version: number;
  lead: TLeadSnapshot;
  readAtMs: number;
};
export const JOURNEY_START_FRESH_MS = 60_000;

export type TJourneyResult = { status: 'COMPLETED' | 'EXITED'; reason: string };

export type TJourneyStatus = {
  status: 'running' | 'waiting' | 'paused' | 'completed' | 'exited';
  stepIndex: number;
  stepId: string | null;
  stepType: TStep['type'] | null;
  /** When the journey will act next, for a waiting journey. */
  nextActionAt: string | null;
  /** Why it is waiting, in words: "wait 3 days", "send window …", "event replied|clicked or timeout …", "paused". */
  waitingFor: string | null;
  /**
   * What it is waiting for, as data: the timer's kind, "paused", or "sendCapacity" (status
   * `running`: an email scheduled on the rate-limited send queue and not yet answered); null otherwise.
   */
  waitingKind: TJourneyTimerKind | 'paused' | 'sendCapacity' | null;
  events: TEngagementEvent[];
  result: TJourneyResult | null;
};

export type TEngagementSignal = { type: string; stepId?: string | undefined };

export const journeyWorkflowId = (sequenceKey: string, leadId: string) => `journey/${sequenceKey}/${leadId}`;

/** Sent by signalWithStart on enrollment; a running journey records it and carries on. */
export const enrolledSignal = defineSignal<[{ enrollmentId: string }]>('enrolled');
export const engagementSignal = defineSignal<[TEngagementSignal]>('engagement');
export const pauseSignal = defineSignal<[{ reason?: string }]>('pause');
export const resumeSignal = defineSignal('resume');
export const exitSignal = defineSignal<[{ reason: string }]>('exit');
export const unsubscribeSignal = defineSignal('unsubscribe');
/** The lead's fields changed (status, score…): goals are re-checked now, not at the next step. */
export const leadChangedSignal = defineSignal('leadChanged');
export const journeyStateQuery = defineQuery<TJourneyStatus>('state');

export const SEARCH_ATTRIBUTES = { leadId: 'NurtureLeadId', sequenceKey: 'NurtureSequenceKey', status: 'NurtureStatus' } as const;

/** The workflow's type name on the task queue (the worker registers `journeyWorkflow`). */
export const JOURNEY_WORKFLOW = 'journeyWorkflow';
/** The workflow's signature, for typed starts by name: `client.workflow.start<TJourneyWorkflow>(JOURNEY_WORKFLOW, …)`. */
export type TJourneyWorkflow = (input: TJourneyInput) => Promise<TJourneyResult>;

/** Dry runs only: delivers an assumed engagement to a simulated journey after a delay (workflows/simulation/). */
export const SIMULATED_ENGAGEMENT_WORKFLOW = 'simulatedEngagementWorkflow';
export type TSimulatedEngagementWorkflow = (input: {
  journeyWorkflowId: string;
  event: TEngagementSignal;
  /** Journey time at which the lead does it. */
  atMs: number;
}) => Promise<'delivered' | 'journey-ended'>;
