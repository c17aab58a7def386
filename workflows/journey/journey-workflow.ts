/**
 * One durable journey per enrollment (lead × sequence version): a bounded interpreter over the
 * sequence's steps (definition.ts), with the step rules in engine.ts. Sandbox-pure: every
 * side effect is an activity, and every outcome is written to the database by one.
 *
 * Position and timers live in TJourneyState, so a wait interrupted by an event resumes with its
 * original deadline, and continue-as-new carries the journey on with a fresh history.
 * Behaviour changes must be guarded with patched(PATCHES.<name>.id) (workflows/patches.ts) so running
 * journeys replay; activity options live in workflows/activity-options.ts.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { TActivities, TSendLeadEmailResult } from '../../activities';
import { JOURNEY_ACTIVITY, JOURNEY_LOCAL_ACTIVITY, SEND_ACTIVITY, SMTP_REJECTED } from '../activity-options';
import { PATCHES } from '../patches';
import type { TSequenceDefinition, TStep } from '../../journey/definition';
import {
  attributeInstant,
  evaluateCondition,
  metGoal,
  metGoalByEvents,
  pickTemplate,
  resolveTarget,
  waitTarget,
  type TLeadSnapshot,
} from '../../journey/engine';
import { nextSendTime, parseDuration } from '../../journey/time';
import { nextHoliday } from '../../journey/holidays';
import {
  enrolledSignal,
  engagementSignal,
  exitSignal,
  journeyStateQuery,
  leadChangedSignal,
  pauseSignal,
  resumeSignal,
  SEARCH_ATTRIBUTES,
  unsubscribeSignal,
  type TJourneyInput,
  type TJourneyResult,
  type TJourneyState,
  type TJourneyStatus,
} from '../../contract/journeys';

// ---- workflow ------------------------------------------------------------------------------------

const MAX_STEPS_WITHOUT_WAIT = 500;
/** Marks a timer set because the send policy postponed an email (see the email step). */
const POSTPONED = 'postponed:';
const HISTORY_EVENTS_BEFORE_CONTINUE_AS_NEW = 5_000;

const acts = proxyActivities<TActivities>(JOURNEY_ACTIVITY);
/**
 * Emails and notifications: their own options (activity-options.ts), so a slow SMTP server is not
 * taken for a dead worker and retried while the first attempt is still sending. Only timeouts and
 * retry policy differ from `acts`: the same activity calls in the same order, so no patch.
 */
const sends = proxyActivities<TActivities>(SEND_ACTIVITY);

/**
 * The journey's bookkeeping (load the definition and the lead, write the timeline, finish) as
 * local activities: short, idempotent database calls that need no server round-trip of their own
 * (bench/RESULTS.md: round-trips per email were the bottleneck). Sends, tasks and other side
 * effects stay regular activities, with heartbeats and server-side retries.
 */
const localActs = proxyLocalActivities<TActivities>(JOURNEY_LOCAL_ACTIVITY);

/**
 * A send the SMTP server refused for good: the activity recorded it (FAILED row, timeline event,
 * hard bounce) and threw SMTP_REJECTED; the journey goes on. patched() is asked only on this path,
 * so histories that never met a rejection carry no marker.
 */
const rejectedBySmtp = (e: unknown): boolean =>
  e instanceof ActivityFailure &&
  e.cause instanceof ApplicationFailure &&
  e.cause.type === SMTP_REJECTED &&
  patched(PATCHES.smtpRejectedMovesOn.id);

export async function journeyWorkflow(input: TJourneyInput): Promise<TJourneyResult> {
  const state: TJourneyState = input.state ?? {
    pc: 0,
    stepRuns: {},
    repeatRuns: {},
    events: [],
    paused: false,
    timer: null,
    stepsWithoutWait: 0,
    recorded: 0,
  };
  let exitRequest: string | undefined;
  let unsubscribed = false;
  let leadChanged = false;
  let result: TJourneyResult | null = null;
  state.clock ??= Date.now();
  const now = (): number => {
    const real = Date.now();
    if (state.clock === undefined || real - state.clock >= 60_000) state.clock = real;
    return state.clock;
  };

  // Journeys started before this change replay with regular activities.
  const db = patched(PATCHES.journeyLocalBookkeeping.id) ? localActs : acts;
  // Sends may come back `postponed` (quiet hours, frequency cap) and suppression ends the journey.
  const sendPolicy = patched(PATCHES.sendPolicy.id);
  const journey = await db.loadJourney({ enrollmentId: input.enrollmentId, sequenceVersionId: input.sequenceVersionId });
  const definition: TSequenceDefinition = journey.definition;
  const { steps } = definition;
  const { goals } = definition.settings;
  const marketing = definition.settings.category === 'marketing';

  const record = (type: string, data: Record<string, unknown> = {}) =>
    db.recordJourneyEvent({
      enrollmentId: input.enrollmentId,
      leadId: input.leadId,
      type,
      data,
      atMs: now(),
      idempotencyKey: `${input.enrollmentId}/e${++state.recorded}`,
    });

  setHandler(enrolledSignal, () => undefined);
  setHandler(engagementSignal, (event) => {
    state.events.push({ type: event.type, stepId: event.stepId, atMs: Date.now() });
    if (state.events.length > 200) state.events.splice(0, state.events.length - 200);
  });
  setHandler(pauseSignal, () => {
    state.paused = true;
  });
  setHandler(resumeSignal, () => {
    state.paused = false;
  });
  setHandler(exitSignal, ({ reason }) => {
    exitRequest ??= reason || 'exit requested';
  });
  setHandler(unsubscribeSignal, () => {
    unsubscribed = true;
  });
  setHandler(leadChangedSignal, () => {
    leadChanged = true;
  });
  setHandler(journeyStateQuery, (): TJourneyStatus => {
    const step = steps[state.pc];
    const timer = state.timer && state.timer.pc === state.pc ? state.timer : null;
    return {
      status: result ? (result.status === 'COMPLETED' ? 'completed' : 'exited') : state.paused ? 'paused' : timer ? 'waiting' : 'running',
      stepIndex: state.pc,
      stepId: step?.id ?? null,
      stepType: step?.type ?? null,
      nextActionAt: timer ? new Date(timer.untilMs).toISOString() : null,
      waitingFor: state.paused ? 'paused' : (timer?.why ?? null),
      events: state.events,
      result,
    };
  });

  const setStatus = (status: string) => {
    if (input.searchAttributes) upsertSearchAttributes({ [SEARCH_ATTRIBUTES.status]: [status] });
  };

  /** True when something must be decided before the journey goes on. */
  const interrupted = () =>
    exitRequest !== undefined ||
    (marketing && unsubscribed) ||
    leadChanged ||
    state.paused ||
    metGoalByEvents(goals, state.events) !== undefined;

  /**
   * Waits until the step's persisted deadline: false when it ran out, true when interrupted
   * (or `wake` became true). Re-entering the same step resumes the same deadline.
   */
  async function waitFor(compute: () => { untilMs: number; why: string }, wake: () => boolean = () => false): Promise<boolean> {
    if (!state.timer || state.timer.pc !== state.pc) {
      const { untilMs, why } = compute();
      state.timer = { pc: state.pc, startedMs: now(), untilMs, why };
      await record('journey.waiting', { stepId: steps[state.pc]?.id, until: new Date(untilMs).toISOString(), why });
    }
    state.stepsWithoutWait = 0;
    const remaining = state.timer.untilMs - Date.now();
    const stop = () => interrupted() || wake();
    if (remaining <= 0) return stop();
    const woken = await condition(stop, remaining);
    if (!woken) state.clock = state.timer.untilMs;
    return woken;
  }

  const finish = async (status: TJourneyResult['status'], reason: string): Promise<TJourneyResult> => {
    result = { status, reason };
    await db.finishEnrollment({ enrollmentId: input.enrollmentId, leadId: input.leadId, status, reason, atMs: now() });
    setStatus(status === 'COMPLETED' ? 'completed' : 'exited');
    return result;
  };

  const runOf = (step: TStep) => state.stepRuns[step.id] ?? 1;
  const keyOf = (step: TStep) => `${input.enrollmentId}/${step.id}/${runOf(step)}`;

  if (!input.state) {
    await record('journey.started', { sequenceKey: journey.sequenceKey, version: journey.version });
    setStatus('running');
  }

  for (;;) {
    // 1. Anything that ends the journey wins over the next step.
    if (exitRequest !== undefined) return finish('EXITED', exitRequest);
    if (marketing && unsubscribed) return finish('EXITED', 'unsubscribed');
    leadChanged = false;
    const lead: TLeadSnapshot = await db.loadLeadSnapshot({ leadId: input.leadId });
    if (marketing && lead.unsubscribed) return finish('EXITED', 'unsubscribed');
    const goal = metGoal(goals, lead, state.events);
    if (goal) return finish('EXITED', `goal:${goal.id}`);
    if (state.pc >= steps.length) return finish('COMPLETED', 'completed');

    if (state.paused) {
      setStatus('paused');
      await record('journey.paused', { stepId: steps[state.pc]?.id });
      await condition(() => !state.paused || exitRequest !== undefined || (marketing && unsubscribed));
      if (!state.paused) {
        await record('journey.resumed', { stepId: steps[state.pc]?.id });
        setStatus('running');
      }
      continue;
    }
    if (++state.stepsWithoutWait > MAX_STEPS_WITHOUT_WAIT) return finish('EXITED', 'loop-guard: too many steps without a wait');
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > (input.historyLimit ?? HISTORY_EVENTS_BEFORE_CONTINUE_AS_NEW)) {
      await continueAsNew<typeof journeyWorkflow>({ ...input, state });
    }

    // 2. Run the step; it returns the next index, or undefined when interrupted (re-check above).
    const step = steps[state.pc]!;
    const timeZone = lead.timeZone || definition.settings.defaultTimeZone;
    const resumingTimer = state.timer?.pc === state.pc;
    if (!resumingTimer) {
      state.stepRuns[step.id] = (state.stepRuns[step.id] ?? 0) + 1;
      await record('step.started', { stepId: step.id, type: step.type, run: runOf(step) });
    }
    const next = await runStep(step, lead, timeZone);
    if (next === undefined) continue;
    if (typeof next === 'object') return finish('EXITED', next.exit);
    await record('step.finished', { stepId: step.id, type: step.type, run: runOf(step) });
    state.timer = null;
    state.pc = next;
  }

  async function runStep(step: TStep, lead: TLeadSnapshot, timeZone: string): Promise<number | undefined | { exit: string }> {
    const here = state.pc;
    switch (step.type) {
      case 'email': {
        const category = step.email.from === 'owner' ? 'sales' : definition.settings.category;
        const window = category === 'marketing' ? definition.settings.sendWindow : undefined;
        // Re-entering the step (after an interruption) resumes its wait with the original deadline.
        const resumed = state.timer?.pc === here ? state.timer : null;
        if (resumed && (await waitFor(() => resumed))) return undefined;
        let checkWindow = !resumed || resumed.why.startsWith(POSTPONED);
        for (;;) {
          if (window && checkWindow) {
            const sendAt = nextSendTime(now(), window, timeZone);
            if (sendAt > now()) {
              state.timer = null;
              const why = `send window ${window.days.join(',')} ${window.start}-${window.end} ${timeZone}`;
              if (await waitFor(() => ({ untilMs: sendAt, why }))) return undefined;
            }
          }
          let sent: TSendLeadEmailResult;
          try {
            sent = await sends.sendLeadEmail({
              workflowId: workflowInfo().workflowId,
              leadId: input.leadId,
              enrollmentId: input.enrollmentId,
              stepId: step.id,
              templateKey: pickTemplate(step.email, lead.locale),
              idempotencyKey: keyOf(step),
              category,
              fromOwner: step.email.from === 'owner',
              scheduledForMs: now(),
              topic: definition.settings.topic,
              // Journeys started before the send policy send now or never (their histories replay).
              canPostpone: sendPolicy,
              ...(step.email.offer ? { offer: step.email.offer } : {}),
            });
          } catch (e) {
            // Refused for good (recorded as failed): on to the next step, as a `failed` result always did.
            if (rejectedBySmtp(e)) return here + 1;
            throw e;
          }
          if (sent.status === 'skipped') {
            // An offer step with nothing left to offer (the customer has it all): go on.
            await record('step.skipped', { stepId: step.id, reason: sent.reason ?? 'skipped' });
            return here + 1;
          }
          if (sendPolicy) {
            if (sent.status === 'postponed') {
              // Quiet hours, the frequency cap or the lead's pause: wait, then ask again (same key).
              state.timer = null;
              const why = `${POSTPONED} ${sent.reason ?? 'send policy'}`;
              if (await waitFor(() => ({ untilMs: sent.untilMs ?? now(), why }))) return undefined;
              checkWindow = true;
              continue;
            }
            // A suppressed address (bounce, complaint, opt-out) ends the journey: nothing more can reach it.
            if (sent.status === 'suppressed') return { exit: sent.reason ?? 'suppressed' };
          }
          if (sent.status === 'suppressed' && marketing) return { exit: 'unsubscribed' };
          return here + 1;
        }
      }
      case 'wait': {
        const target = waitTarget(step.wait, now(), lead, timeZone);
        if (!target && state.timer?.pc !== here) {
          await record('step.skipped', { stepId: step.id, reason: `lead has no usable attributes.${step.wait.untilAttribute}` });
          return here + 1;
        }
        return (await waitFor(() => target!)) ? undefined : here + 1;
      }
      case 'waitForEvent': {
        const on = step.waitForEvent.on as Record<string, string>;
        const names = Object.keys(on);
        const matching = () => state.events.find((e) => state.timer !== null && e.atMs >= state.timer.startedMs && names.includes(e.type));
        const woken = await waitFor(
          () => ({
            untilMs: now() + parseDuration(step.waitForEvent.timeout)!,
            why: `event ${names.join('|')} or timeout ${step.waitForEvent.timeout}`,
          }),
          () => matching() !== undefined,
        );
        const event = matching();
        if (event) {
          await record('step.event', { stepId: step.id, event: event.type });
          return resolveTarget(steps, here, on[event.type]!);
        }
        if (woken) return undefined; // interrupted: re-check goals, then resume the same deadline
        return resolveTarget(steps, here, step.waitForEvent.onTimeout);
      }
      case 'branch': {
        const taken = evaluateCondition(step.branch.when, lead, state.events);
        await record('step.branch', { stepId: step.id, taken: taken ? 'then' : 'else' });
        return resolveTarget(steps, here, taken ? step.branch.then : step.branch.else);
      }
      case 'updateLead':
        await acts.updateLeadFromJourney({
          leadId: input.leadId,
          enrollmentId: input.enrollmentId,
          stepId: step.id,
          change: step.updateLead,
          idempotencyKey: keyOf(step),
          atMs: now(),
          sequenceKey: journey.sequenceKey,
        });
        return here + 1;
      case 'task':
        // createTask also starts the task's watcher (reminder, then escalation), which outlives the journey.
        await acts.createTask({
          idempotencyKey: keyOf(step),
          leadId: input.leadId,
          enrollmentId: input.enrollmentId,
          kind: step.task.kind,
          title: step.task.title,
          dueAtMs: now() + parseDuration(step.task.dueIn)!,
        });
        return here + 1;
      case 'notify':
        try {
          await sends.sendNotification({
            idempotencyKey: keyOf(step),
            leadId: input.leadId,
            enrollmentId: input.enrollmentId,
            to: step.notify.to,
            subject: step.notify.subject,
            message: step.notify.message,
          });
        } catch (e) {
          // The address was refused for good (recorded as notification.failed): the journey goes on.
          if (!rejectedBySmtp(e)) throw e;
        }
        return here + 1;
      case 'enroll':
        await acts.enrollFromJourney({ leadId: input.leadId, sequenceKey: step.enroll.sequence, fromSequenceKey: journey.sequenceKey });
        return here + 1;
      case 'repeat': {
        const runs = state.repeatRuns[step.id] ?? 1;
        const every = parseDuration(step.repeat.every)!;
        const until = step.repeat.until
          ? Date.parse(step.repeat.until)
          : step.repeat.untilAttribute
            ? attributeInstant(lead, step.repeat.untilAttribute, timeZone)
            : undefined;
        const done =
          (step.repeat.times !== undefined && runs >= step.repeat.times) ||
          (until !== undefined && now() + every > until) ||
          (step.repeat.while !== undefined && !evaluateCondition(step.repeat.while, lead, state.events));
        if (done) return here + 1;
        if (await waitFor(() => ({ untilMs: now() + every, why: `repeat every ${step.repeat.every} (run ${runs + 1})` }))) return undefined;
        state.repeatRuns[step.id] = runs + 1;
        return resolveTarget(steps, here, step.repeat.from);
      }
      case 'greetings': {
        const ends = (state.periodEnds ??= {});
        const end = (ends[step.id] ??= now() + parseDuration(step.greetings.during)!);
        for (;;) {
          const woken = await waitFor(() => {
            const holiday = nextHoliday(now(), lead.locale, timeZone);
            return holiday.atMs <= end
              ? { untilMs: holiday.atMs, why: `holiday ${holiday.id}` }
              : { untilMs: end, why: `greetings until ${new Date(end).toISOString()}` };
          });
          if (woken) return undefined;
          const holidayId = /^holiday (.+)$/.exec(state.timer?.why ?? '')?.[1];
          state.timer = null;
          if (!holidayId) {
            delete ends[step.id];
            return here + 1;
          }
          let sent: TSendLeadEmailResult;
          try {
            sent = await sends.sendLeadEmail({
              workflowId: workflowInfo().workflowId,
              leadId: input.leadId,
              enrollmentId: input.enrollmentId,
              stepId: step.id,
              templateKey: step.greetings.template,
              idempotencyKey: `${keyOf(step)}/${holidayId}`,
              category: definition.settings.category,
              scheduledForMs: now(),
              topic: definition.settings.topic,
              canPostpone: false,
              holidayId,
            });
          } catch (e) {
            // Refused for good (recorded as failed): wait for the next holiday, as a `failed` result always did.
            if (rejectedBySmtp(e)) continue;
            throw e;
          }
          if (sent.status === 'suppressed') return { exit: sent.reason ?? 'suppressed' };
        }
      }
      case 'exit':
        return { exit: step.exit.reason };
      default: {
        const unreachable: never = step;
        throw new Error(`unknown step ${JSON.stringify(unreachable)}`);
      }
    }
  }
}
