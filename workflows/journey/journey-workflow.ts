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
import type { TActivities, TJourneyEventRow, TSendLeadEmailResult } from '../../activities';
import {
  JOURNEY_ACTIVITY,
  JOURNEY_LOCAL_ACTIVITY,
  SEND_ACTIVITY,
  SMTP_REJECTED,
  sendActivityOn,
  WEBHOOK_STEP_ACTIVITY,
} from '../activity-options';
import { sendTaskQueueOf } from '../../contract/send-queue';
import { PATCHES, type TImpliedPatchId } from '../patches';
import type { TSequenceDefinition, TStep } from '../../journey/definition';
import {
  attributeInstant,
  evaluateCondition,
  metGoal,
  metGoalByEvents,
  pickSplitVariant,
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
  JOURNEY_START_FRESH_MS,
  journeyStateQuery,
  leadChangedSignal,
  pauseSignal,
  resumeSignal,
  SEARCH_ATTRIBUTES,
  timerKind,
  unsubscribeSignal,
  type TJourneyTimerKind,
  type TJourneyInput,
  type TJourneyResult,
  type TJourneyState,
  type TJourneyStatus,
} from '../../contract/journeys';

// ---- workflow ------------------------------------------------------------------------------------

const MAX_STEPS_WITHOUT_WAIT = 500;
/** The words of a timer set because the send policy postponed an email (its kind is `postponed`). */
const POSTPONED_WHY = 'postponed:';
const HISTORY_EVENTS_BEFORE_CONTINUE_AS_NEW = 5_000;

const acts = proxyActivities<TActivities>(JOURNEY_ACTIVITY);
/**
 * Emails and notifications: their own options (activity-options.ts), so a slow SMTP server is not
 * taken for a dead worker and retried while the first attempt is still sending. Only timeouts and
 * retry policy differ from `acts`: the same activity calls in the same order, so no patch.
 */
const sends = proxyActivities<TActivities>(SEND_ACTIVITY);
/** `webhook` steps: a few tries, then the step's onError target. */
const webhookCalls = proxyActivities<TActivities>(WEBHOOK_STEP_ACTIVITY);

/**
 * The journey's bookkeeping (load the definition and the lead, write the timeline, finish) as
 * local activities: short, idempotent database calls that need no server round-trip of their own
 * (bench/RESULTS.md: round-trips per email were the bottleneck). Sends, tasks and other side
 * effects stay regular activities, with heartbeats and server-side retries.
 */
const localActs = proxyLocalActivities<TActivities>(JOURNEY_LOCAL_ACTIVITY);

/**
 * A send the SMTP server refused for good: the activity recorded it (FAILED row, timeline event,
 * hard bounce) and threw SMTP_REJECTED; the journey goes on. A run before `journey-current` asks
 * patched() only on this path, so its history carries no marker unless it met a rejection.
 */
const rejectedBySmtp = (e: unknown, has: (patchId: TImpliedPatchId) => boolean): boolean =>
  e instanceof ActivityFailure &&
  e.cause instanceof ApplicationFailure &&
  e.cause.type === SMTP_REJECTED &&
  has(PATCHES.smtpRejectedMovesOn.id);

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

  // One marker for a new run (ADR-054): it takes the new branch of every patch that `journey-current`
  // implies without asking them (each patch asked costs the run a marker and a search-attribute
  // upsert); a run started before it asks each of them where it always did.
  const current = patched(PATCHES.journeyCurrent.id);
  const has = (patchId: TImpliedPatchId): boolean => current || patched(patchId);
  // Journeys started before this change replay with regular activities.
  const db = has(PATCHES.journeyLocalBookkeeping.id) ? localActs : acts;
  // Sends may come back `postponed` (quiet hours, frequency cap) and suppression ends the journey.
  const sendPolicy = has(PATCHES.sendPolicy.id);
  // Emails and notifications go to the rate-limited send queue (ADR-041); runs started before keep the main queue.
  const sender = has(PATCHES.sendTaskQueue.id)
    ? proxyActivities<TActivities>(sendActivityOn(sendTaskQueueOf(workflowInfo().taskQueue)))
    : sends;
  /** Since when a send has been scheduled and not answered: it waits for send capacity (or is at SMTP). */
  let sendingSinceMs: number | null = null;
  const sending = async <T>(send: () => Promise<T>): Promise<T> => {
    sendingSinceMs = Date.now();
    try {
      return await send();
    } finally {
      sendingSinceMs = null;
    }
  };
  // One call per step where the step needs one (ADR-046); runs started before keep one per row and per read.
  const fold = has(PATCHES.journeyStepFold.id);
  /** Timeline rows not yet written: they ride on the journey's next database call (fold only). */
  const pending: TJourneyEventRow[] = [];
  const takePending = (): TJourneyEventRow[] => pending.splice(0, pending.length);
  /** Writes the pending rows on their own: before a wait or continue-as-new, and before calls that do not carry them. */
  const flush = async (): Promise<void> => {
    if (pending.length) await db.recordJourneyEvents({ events: takePending() });
  };
  /** The lead as the last send read it (fold): the next step goes on with it unless a lead-change signal came since. */
  let freshLead: TLeadSnapshot | undefined;
  const ids = { enrollmentId: input.enrollmentId, sequenceVersionId: input.sequenceVersionId };
  let journey: { definition: TSequenceDefinition; sequenceKey: string; version: number };
  // A new journey whose enrolment read its definition and lead makes no read of its own when its
  // first task runs within a minute of that read (ADR-055); one that waited longer (a backlog) reads
  // again. Only runs started with `start` in their input take this branch: histories before it replay unchanged.
  const handed =
    fold && input.start && !input.state && Math.abs(Date.now() - input.start.readAtMs) <= JOURNEY_START_FRESH_MS ? input.start : undefined;
  if (handed) {
    const { lead, readAtMs: _readAtMs, ...published } = handed;
    freshLead = lead;
    journey = published;
  } else if (fold) ({ lead: freshLead, ...journey } = await db.beginJourney({ ...ids, leadId: input.leadId }));
  else journey = await db.loadJourney(ids);
  const definition: TSequenceDefinition = journey.definition;
  const { steps } = definition;
  const { goals } = definition.settings;
  const marketing = definition.settings.category === 'marketing';

  /** A timeline row with the journey's next key. */
  const rowOf = (type: string, data: Record<string, unknown>): TJourneyEventRow => ({
    enrollmentId: input.enrollmentId,
    leadId: input.leadId,
    type,
    data,
    atMs: now(),
    idempotencyKey: `${input.enrollmentId}/e${++state.recorded}`,
  });
  const record = async (type: string, data: Record<string, unknown> = {}): Promise<void> => {
    const row = rowOf(type, data);
    if (fold) pending.push(row);
    else await db.recordJourneyEvent(row);
  };

  // Enrolments started journeys with signal-with-start and this signal before ADR-055 (plain starts since).
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
    // A send scheduled and not yet answered waits on the send queue's rate limit (ADR-041).
    // The journey is still `running` (its step is under way); waitingKind says what holds it.
    const queued = !result && !state.paused && !timer && sendingSinceMs !== null;
    return {
      status: result ? (result.status === 'COMPLETED' ? 'completed' : 'exited') : state.paused ? 'paused' : timer ? 'waiting' : 'running',
      stepIndex: state.pc,
      stepId: step?.id ?? null,
      stepType: step?.type ?? null,
      nextActionAt: timer ? new Date(timer.untilMs).toISOString() : null,
      waitingFor: state.paused
        ? 'paused'
        : (timer?.why ??
          (queued ? `send capacity: queued since ${new Date(sendingSinceMs!).toISOString()} on the rate-limited send queue` : null)),
      waitingKind: state.paused ? 'paused' : timer ? timerKind(timer).kind : queued ? 'sendCapacity' : null,
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
  async function waitFor(compute: () => TTimerPlan, wake: () => boolean = () => false): Promise<boolean> {
    if (!state.timer || state.timer.pc !== state.pc) {
      const { untilMs, why, kind, holidayId } = compute();
      state.timer = { pc: state.pc, startedMs: now(), untilMs, why, kind, ...(holidayId === undefined ? {} : { holidayId }) };
      await record('journey.waiting', { stepId: steps[state.pc]?.id, until: new Date(untilMs).toISOString(), why });
    }
    state.stepsWithoutWait = 0;
    await flush();
    const remaining = state.timer.untilMs - Date.now();
    const stop = () => interrupted() || wake();
    if (remaining <= 0) return stop();
    const woken = await condition(stop, remaining);
    if (!woken) state.clock = state.timer.untilMs;
    return woken;
  }

  const finish = async (status: TJourneyResult['status'], reason: string): Promise<TJourneyResult> => {
    result = { status, reason };
    await db.finishEnrollment({
      enrollmentId: input.enrollmentId,
      leadId: input.leadId,
      status,
      reason,
      atMs: now(),
      ...(fold ? { events: takePending() } : {}),
    });
    setStatus(status === 'COMPLETED' ? 'completed' : 'exited');
    return result;
  };

  const runOf = (step: TStep) => state.stepRuns[step.id] ?? 1;
  const finishedData = (step: TStep) => ({ stepId: step.id, type: step.type, run: runOf(step) });
  const keyOf = (step: TStep) => `${input.enrollmentId}/${step.id}/${runOf(step)}`;

  if (!input.state) {
    await record('journey.started', { sequenceKey: journey.sequenceKey, version: journey.version });
    setStatus('running');
  }

  for (;;) {
    // 1. Anything that ends the journey wins over the next step.
    if (exitRequest !== undefined) return finish('EXITED', exitRequest);
    if (marketing && unsubscribed) return finish('EXITED', 'unsubscribed');
    const reuse = freshLead !== undefined && !leadChanged ? freshLead : undefined;
    freshLead = undefined;
    leadChanged = false;
    const lead: TLeadSnapshot = reuse ?? (await db.loadLeadSnapshot({ leadId: input.leadId, ...(fold ? { events: takePending() } : {}) }));
    if (marketing && lead.unsubscribed) return finish('EXITED', 'unsubscribed');
    const goal = metGoal(goals, lead, state.events);
    if (goal) return finish('EXITED', `goal:${goal.id}`);
    if (state.pc >= steps.length) return finish('COMPLETED', 'completed');

    if (state.paused) {
      setStatus('paused');
      await record('journey.paused', { stepId: steps[state.pc]?.id });
      await flush();
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
      await flush();
      // The enrolment's read is for the first run only.
      const { start: _start, ...carried } = input;
      await continueAsNew<typeof journeyWorkflow>({ ...carried, state });
    }

    // 2. Run the step; its outcome says where to go (or that something must be re-checked first).
    const step = steps[state.pc]!;
    const resumingTimer = state.timer?.pc === state.pc;
    if (!resumingTimer) {
      state.stepRuns[step.id] = (state.stepRuns[step.id] ?? 0) + 1;
      await record('step.started', { stepId: step.id, type: step.type, run: runOf(step) });
    }
    const outcome = await runStep(step, { lead, timeZone: lead.timeZone || definition.settings.defaultTimeZone, here: state.pc });
    if (outcome.kind === 'interrupted') continue;
    if (outcome.kind === 'exit') return finish('EXITED', outcome.reason);
    if (outcome.kind === 'completed') {
      // The last step's email ended the enrolment with its SENT row (ADR-054): nothing left to write.
      result = { status: 'COMPLETED', reason: 'completed' };
      setStatus('completed');
      return result;
    }
    await record('step.finished', finishedData(step));
    state.timer = null;
    state.pc = outcome.pc;
  }

  /** One function per step type; the map's type makes a new step type a compile error until it has one. */
  function runStep(step: TStep, ctx: TStepContext): Promise<TStepOutcome> {
    switch (step.type) {
      case 'email':
        return emailStep(step, ctx);
      case 'wait':
        return waitStep(step, ctx);
      case 'waitForEvent':
        return waitForEventStep(step, ctx);
      case 'branch':
        return branchStep(step, ctx);
      case 'updateLead':
        return updateLeadStep(step, ctx);
      case 'task':
        return taskStep(step, ctx);
      case 'notify':
        return notifyStep(step, ctx);
      case 'enroll':
        return enrollStep(step, ctx);
      case 'repeat':
        return repeatStep(step, ctx);
      case 'greetings':
        return greetingsStep(step, ctx);
      case 'webhook':
        return webhookStep(step, ctx);
      case 'split':
        return splitStep(step, ctx);
      case 'exit':
        return Promise.resolve(exitWith(step.exit.reason));
      default: {
        const unreachable: never = step;
        throw new Error(`unknown step ${JSON.stringify(unreachable)}`);
      }
    }
  }

  async function emailStep(step: TStepOf<'email'>, { lead, timeZone, here }: TStepContext): Promise<TStepOutcome> {
    const category = step.email.from === 'owner' ? 'sales' : definition.settings.category;
    const window = category === 'marketing' ? definition.settings.sendWindow : undefined;
    // Re-entering the step (after an interruption) resumes its wait with the original deadline.
    const resumed = state.timer?.pc === here ? state.timer : null;
    if (resumed && (await waitFor(() => ({ ...resumed, kind: timerKind(resumed).kind })))) return INTERRUPTED;
    // A resumed send-window wait has just ended; a resumed postponement asks the window again.
    let checkWindow = !resumed || timerKind(resumed).kind === 'postponed';
    for (;;) {
      if (window && checkWindow) {
        const sendAt = nextSendTime(now(), window, timeZone);
        if (sendAt > now()) {
          state.timer = null;
          const why = `send window ${window.days.join(',')} ${window.start}-${window.end} ${timeZone}`;
          if (await waitFor(() => ({ untilMs: sendAt, why, kind: 'sendWindow' }))) return INTERRUPTED;
        }
      }
      // The journey's last step: the send that records the email ends the journey too, unless the
      // lead it reads meets a goal or has unsubscribed (ADR-054, new with `journey-current`: runs
      // started before finish with a call of their own).
      const completesJourney =
        current && here + 1 >= steps.length
          ? {
              rows: [rowOf('step.finished', finishedData(step))],
              goals,
              events: goals.length ? state.events : [],
              unsubscribedEnds: marketing,
            }
          : undefined;
      let sent: TSendLeadEmailResult;
      try {
        sent = await sending(() =>
          sender.sendLeadEmail({
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
            ...(fold ? { journeyEvents: takePending() } : {}),
            ...(completesJourney ? { completesJourney } : {}),
          }),
        );
      } catch (e) {
        // Refused for good (recorded as failed): on to the next step, as a `failed` result always did.
        if (rejectedBySmtp(e, has)) return nextFrom(here);
        throw e;
      }
      if (sent.completed) return COMPLETED;
      if (fold) freshLead = sent.lead;
      if (sent.status === 'skipped') {
        // An offer step with nothing left to offer (the customer has it all): go on.
        await record('step.skipped', { stepId: step.id, reason: sent.reason ?? 'skipped' });
        return nextFrom(here);
      }
      if (sendPolicy) {
        if (sent.status === 'postponed') {
          // Quiet hours, the frequency cap or the lead's pause: wait, then ask again (same key).
          state.timer = null;
          const why = `${POSTPONED_WHY} ${sent.reason ?? 'send policy'}`;
          freshLead = undefined;
          if (await waitFor(() => ({ untilMs: sent.untilMs ?? now(), why, kind: 'postponed' }))) return INTERRUPTED;
          checkWindow = true;
          continue;
        }
        // A suppressed address (bounce, complaint, opt-out) ends the journey: nothing more can reach it.
        if (sent.status === 'suppressed') return exitWith(sent.reason ?? 'suppressed');
      }
      if (sent.status === 'suppressed' && marketing) return exitWith('unsubscribed');
      return nextFrom(here);
    }
  }

  async function waitStep(step: TStepOf<'wait'>, { lead, timeZone, here }: TStepContext): Promise<TStepOutcome> {
    const target = waitTarget(step.wait, now(), lead, timeZone);
    if (!target && state.timer?.pc !== here) {
      await record('step.skipped', { stepId: step.id, reason: `lead has no usable attributes.${step.wait.untilAttribute}` });
      return nextFrom(here);
    }
    return (await waitFor(() => ({ ...target!, kind: 'wait' }))) ? INTERRUPTED : nextFrom(here);
  }

  async function waitForEventStep(step: TStepOf<'waitForEvent'>, { here }: TStepContext): Promise<TStepOutcome> {
    const on = step.waitForEvent.on as Record<string, string>;
    const names = Object.keys(on);
    const matching = () => state.events.find((e) => state.timer !== null && e.atMs >= state.timer.startedMs && names.includes(e.type));
    const woken = await waitFor(
      () => ({
        untilMs: now() + parseDuration(step.waitForEvent.timeout)!,
        why: `event ${names.join('|')} or timeout ${step.waitForEvent.timeout}`,
        kind: 'event',
      }),
      () => matching() !== undefined,
    );
    const event = matching();
    if (event) {
      await record('step.event', { stepId: step.id, event: event.type });
      return jumpTo(here, on[event.type]!);
    }
    if (woken) return INTERRUPTED; // re-check goals, then resume the same deadline
    return jumpTo(here, step.waitForEvent.onTimeout);
  }

  async function branchStep(step: TStepOf<'branch'>, { lead, here }: TStepContext): Promise<TStepOutcome> {
    const taken = evaluateCondition(step.branch.when, lead, state.events);
    await record('step.branch', { stepId: step.id, taken: taken ? 'then' : 'else' });
    return jumpTo(here, taken ? step.branch.then : step.branch.else);
  }

  async function updateLeadStep(step: TStepOf<'updateLead'>, { here }: TStepContext): Promise<TStepOutcome> {
    await flush();
    await acts.updateLeadFromJourney({
      leadId: input.leadId,
      enrollmentId: input.enrollmentId,
      stepId: step.id,
      change: step.updateLead,
      idempotencyKey: keyOf(step),
      atMs: now(),
      sequenceKey: journey.sequenceKey,
    });
    return nextFrom(here);
  }

  async function taskStep(step: TStepOf<'task'>, { here }: TStepContext): Promise<TStepOutcome> {
    // createTask also starts the task's watcher (reminder, then escalation), which outlives the journey.
    await flush();
    await acts.createTask({
      idempotencyKey: keyOf(step),
      leadId: input.leadId,
      enrollmentId: input.enrollmentId,
      kind: step.task.kind,
      title: step.task.title,
      dueAtMs: now() + parseDuration(step.task.dueIn)!,
    });
    return nextFrom(here);
  }

  async function notifyStep(step: TStepOf<'notify'>, { here }: TStepContext): Promise<TStepOutcome> {
    try {
      await flush();
      await sender.sendNotification({
        idempotencyKey: keyOf(step),
        leadId: input.leadId,
        enrollmentId: input.enrollmentId,
        to: step.notify.to,
        subject: step.notify.subject,
        message: step.notify.message,
      });
    } catch (e) {
      // The address was refused for good (recorded as notification.failed): the journey goes on.
      if (!rejectedBySmtp(e, has)) throw e;
    }
    return nextFrom(here);
  }

  /**
   * An A/B split: the lead's variant by weight (the same lead always gets the same one), or the
   * winner once the step's winner rule has decided; recorded as `step.split` for the KPIs.
   * A new step type: no run started before it can meet one, so no patch.
   */
  async function splitStep(step: TStepOf<'split'>, { here }: TStepContext): Promise<TStepOutcome> {
    let variant = pickSplitVariant(input.leadId, step.id, step.split.variants);
    let by = 'weight';
    if (step.split.winner) {
      await flush();
      const decided = await acts.decideSplitWinner({
        sequenceKey: journey.sequenceKey,
        stepId: step.id,
        metric: step.split.winner.metric,
        afterMs: parseDuration(step.split.winner.after)!,
        atMs: now(),
      });
      if (decided.winner !== null && step.split.variants.some((v) => v.name === decided.winner)) {
        variant = decided.winner;
        by = `winner (${decided.why})`;
      }
    }
    await record('step.split', { stepId: step.id, variant, by });
    return jumpTo(here, step.split.variants.find((v) => v.name === variant)!.goTo);
  }

  /** Calls the step's endpoint; with `answer`, branches on the reply (or goes to onError when the call keeps failing). */
  async function webhookStep(step: TStepOf<'webhook'>, { here }: TStepContext): Promise<TStepOutcome> {
    // No run started before this step existed can reach it; the marker tells which runs may call out.
    if (!has(PATCHES.webhookStep.id)) return nextFrom(here);
    const { answer } = step.webhook;
    let reply: string | null = null;
    let error: string | null = null;
    try {
      await flush();
      ({ answer: reply } = await webhookCalls.callJourneyWebhook({
        leadId: input.leadId,
        enrollmentId: input.enrollmentId,
        sequenceKey: journey.sequenceKey,
        stepId: step.id,
        url: step.webhook.url,
        fields: step.webhook.fields,
        answerField: answer?.field,
        idempotencyKey: keyOf(step),
      }));
    } catch (e) {
      if (!(e instanceof ActivityFailure)) throw e;
      error = e.cause?.message ?? e.message;
    }
    const target = !answer
      ? 'next'
      : error !== null
        ? answer.onError
        : ((reply !== null ? answer.on[reply] : undefined) ?? answer.otherwise);
    await record('step.webhook', { stepId: step.id, answer: reply, error, to: target });
    return jumpTo(here, target);
  }

  async function enrollStep(step: TStepOf<'enroll'>, { here }: TStepContext): Promise<TStepOutcome> {
    await flush();
    await acts.enrollFromJourney({ leadId: input.leadId, sequenceKey: step.enroll.sequence, fromSequenceKey: journey.sequenceKey });
    return nextFrom(here);
  }

  async function repeatStep(step: TStepOf<'repeat'>, { lead, timeZone, here }: TStepContext): Promise<TStepOutcome> {
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
    if (done) return nextFrom(here);
    if (await waitFor(() => ({ untilMs: now() + every, why: `repeat every ${step.repeat.every} (run ${runs + 1})`, kind: 'repeat' }))) {
      return INTERRUPTED;
    }
    state.repeatRuns[step.id] = runs + 1;
    return jumpTo(here, step.repeat.from);
  }

  async function greetingsStep(step: TStepOf<'greetings'>, { lead, timeZone, here }: TStepContext): Promise<TStepOutcome> {
    const ends = (state.periodEnds ??= {});
    const end = (ends[step.id] ??= now() + parseDuration(step.greetings.during)!);
    for (;;) {
      const woken = await waitFor(() => {
        const holiday = nextHoliday(now(), lead.locale, timeZone, { later: () => has(PATCHES.ruHolidays.id) });
        return holiday.atMs <= end
          ? { untilMs: holiday.atMs, why: `holiday ${holiday.id}`, kind: 'holiday', holidayId: holiday.id }
          : { untilMs: end, why: `greetings until ${new Date(end).toISOString()}`, kind: 'greetingsEnd' };
      });
      if (woken) return INTERRUPTED;
      const fired = state.timer ? timerKind(state.timer) : undefined;
      state.timer = null;
      if (fired?.kind !== 'holiday' || fired.holidayId === undefined) {
        delete ends[step.id];
        return nextFrom(here);
      }
      const { holidayId } = fired;
      let sent: TSendLeadEmailResult;
      try {
        sent = await sending(() =>
          sender.sendLeadEmail({
            workflowId: workflowInfo().workflowId,
            leadId: input.leadId,
            enrollmentId: input.enrollmentId,
            stepId: step.id,
            // Variants are new on greetings steps: a definition without them picks `template`, as before.
            templateKey: pickTemplate(step.greetings, lead.locale),
            idempotencyKey: `${keyOf(step)}/${holidayId}`,
            category: definition.settings.category,
            scheduledForMs: now(),
            topic: definition.settings.topic,
            canPostpone: false,
            holidayId,
            ...(fold ? { journeyEvents: takePending() } : {}),
          }),
        );
      } catch (e) {
        // Refused for good (recorded as failed): wait for the next holiday, as a `failed` result always did.
        if (rejectedBySmtp(e, has)) continue;
        throw e;
      }
      if (sent.status === 'suppressed') return exitWith(sent.reason ?? 'suppressed');
    }
  }

  /** A jump target ("next" or a step id) as an outcome. */
  function jumpTo(here: number, target: string): TStepOutcome {
    return { kind: 'next', pc: resolveTarget(steps, here, target) };
  }
}

// ---- step outcomes ----------------------------------------------------------------------------

type TStepOf<K extends TStep['type']> = Extract<TStep, { type: K }>;

/** What a step knows when it runs: the lead as loaded before it, the zone it runs in, its index. */
type TStepContext = { lead: TLeadSnapshot; timeZone: string; here: number };

/**
 * What a step did, as data: go on at `pc`; `interrupted` (a signal woke a wait: exit, unsubscribe,
 * pause, a goal or a lead change must be re-checked before the same step resumes its deadline);
 * end the journey with a reason; or `completed`: the last step's email ended the journey with its
 * own record (patch `journey-current-2026-12-01`), so nothing is left to check or write.
 */
type TStepOutcome = { kind: 'next'; pc: number } | { kind: 'interrupted' } | { kind: 'exit'; reason: string } | { kind: 'completed' };

const INTERRUPTED: TStepOutcome = { kind: 'interrupted' };
const COMPLETED: TStepOutcome = { kind: 'completed' };
const nextFrom = (here: number): TStepOutcome => ({ kind: 'next', pc: here + 1 });
const exitWith = (reason: string): TStepOutcome => ({ kind: 'exit', reason });

/** A timer to set: its deadline, its words and its kind. */
type TTimerPlan = { untilMs: number; why: string; kind: TJourneyTimerKind; holidayId?: string };
