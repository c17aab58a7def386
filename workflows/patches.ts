/**
 * The patch registry: every patched() id the workflows use, named once here with the day it
 * shipped and how it goes away. Workflow code calls patched(PATCHES.<name>.id), never a literal.
 *
 * A change to what a workflow does for an existing history (a different sequence of commands:
 * activities, timers, markers, the way it ends) must be guarded by a new entry here, with a replay
 * fixture recorded after it (`npm run fixtures:record -- <id> [scenario]`, old fixtures kept).
 * Timeouts and retry policies are not such a change (see activity-options.ts), nor is a branch
 * taken only on a field of the run's input that no earlier history carries (e.g. the journey's
 * `start`, ADR-055): every existing history still takes the old branch, and a fixture recorded
 * after it holds the new one.
 *
 * Deprecating a patch, in Temporal's three steps:
 *   1. patched(id): old and new branch side by side (where every entry starts);
 *   2. once no open run started before `since` remains (journeys continue-as-new into runs that
 *      take the new branch; a run that never continued can wait for months), e.g.
 *        temporal workflow count --query "WorkflowType='journeyWorkflow' AND ExecutionStatus='Running' AND StartTime < '<since>'"
 *      is 0: replace patched(id) by deprecatePatch(id), delete the old branch and any fixture
 *      that no longer replays;
 *   3. once no open run started before step 2's release remains: delete deprecatePatch(id) and the entry.
 */
export type TPatch = {
  /** The marker name in workflow histories: never change it. */
  id: string;
  /** The day it shipped (ISO date): runs started before it may still need the old branch. */
  since: string;
  /** What changed, and the plan for retiring the old branch. */
  deprecate: string;
};

export const PATCHES = {
  /** ADR-016: the journey's bookkeeping (load, timeline, finish) as local activities. */
  journeyLocalBookkeeping: {
    id: 'journey-local-bookkeeping',
    since: '2026-11-23',
    deprecate:
      'step 2 when no journeyWorkflow run started before 2026-11-23 is open: drop the regular-activity bookkeeping branch and the v1-remote-bookkeeping fixtures',
  },
  /** ADR-017: sends may come back `postponed`, and a suppressed send ends the journey. */
  sendPolicy: {
    id: 'send-policy',
    since: '2026-11-23',
    deprecate:
      'step 2 when no journeyWorkflow run started before 2026-11-23 is open: always pass canPostpone and handle postponed/suppressed',
  },
  /**
   * A send the SMTP server refused for good (ActivityFailure with an SMTP_REJECTED cause; the
   * activity has recorded it) no longer fails the journey: an email step or a notify step goes on
   * to the next step, a greetings step to the next holiday. Before, notifications to a rejected
   * address retried for ever, and lead emails returned `failed` instead of throwing.
   */
  smtpRejectedMovesOn: {
    id: 'smtp-rejected-moves-on',
    since: '2026-11-30',
    deprecate: 'step 2 when no journeyWorkflow run started before 2026-11-30 is open: catch SMTP_REJECTED unconditionally',
  },
  /**
   * ADR-041: emails and notifications are scheduled on the send task queue (`<queue>-send`,
   * contract/send-queue.ts), whose workers carry SEND_RATE_PER_SECOND. Asked once at the start of
   * journeyWorkflow, sendLeadEmailWorkflow and notifyWorkflow: runs started before keep sending
   * on the main queue (whose workers still run the send activities).
   */
  sendTaskQueue: {
    id: 'send-task-queue',
    since: '2026-12-01',
    deprecate:
      'step 2 when no journeyWorkflow, sendLeadEmailWorkflow or notifyWorkflow run started before 2026-12-01 is open: always use the send queue; then the main-queue worker may drop the send activities',
  },
  /**
   * ADR-037: the `webhook` step calls an endpoint and may branch on its answer. No run started
   * before could hold such a step (the definition language had none), so the old branch only
   * says so; the patch marks the runs that may call out.
   */
  webhookStep: {
    id: 'webhook-step',
    since: '2026-12-01',
    deprecate: 'step 2 when no journeyWorkflow run started before 2026-12-01 is open: call unconditionally (the old branch is unreachable)',
  },
  /**
   * ADR-051: an import's batches write their follow-ups with their rows (owner notices as one
   * digest per rep); the workflow completes the import, then sends the digests and starts the SLA
   * watches and trigger journeys. Runs started before keep a follow-up workflow per batch.
   */
  importFollowUpsAfterCapture: {
    id: 'import-follow-ups-after-capture',
    since: '2026-12-01',
    deprecate:
      'step 2 when no leadImportWorkflow run started before 2026-12-01 is open: always pass followUps after-capture and run them after the file; then importLeadBatch and captureFollowUpWorkflow may drop the per-batch workflow',
  },
  /**
   * ADR-049: Russian leads' greetings steps follow the Russian holiday calendar
   * (journey/holidays.ts LATER_HOLIDAYS) instead of the English one they fell back to; asked only
   * when a greetings step computes a Russian lead's next holiday, so other runs carry no marker.
   */
  ruHolidays: {
    id: 'ru-holidays',
    since: '2026-12-01',
    deprecate:
      'step 2 when no journeyWorkflow run started before 2026-12-01 is open: drop the `later` option (nextHoliday always includes LATER_HOLIDAYS) and any fixture that no longer replays',
  },
  /**
   * ADR-046 (issue 13): an advancing journey costs as few database calls as its step needs. The
   * first read is one local activity (`beginJourney`: definition and lead), timeline rows wait in
   * the workflow and ride on the next call it makes anyway (the send, the lead read, the finish,
   * or one `recordJourneyEvents` before a wait), and the lead a send read is the lead the next step
   * sees (read again only when a lead-change signal came meanwhile). Asked once at the start of
   * each run: runs started before keep one local activity per row and per read.
   */
  journeyStepFold: {
    id: 'journey-step-fold',
    since: '2026-12-01',
    deprecate:
      'step 2 when no journeyWorkflow run started before 2026-12-01 is open: drop the one-call-per-row branch (loadJourney, recordJourneyEvent) and the fixtures recorded without the marker',
  },
  /**
   * ADR-054 (issue 13): one marker per new journey instead of one per patch. sdk-core records every
   * patch with a marker AND an upsert of the TemporalChangeVersion search attribute (two history
   * events and a visibility write each): on the dev server five patches cost a no-op workflow
   * 17 % of its throughput, and a new journey asked four at its start. A run with this marker takes
   * the new branch of every patch in JOURNEY_CURRENT_IMPLIES without asking it; a run without it
   * (started before) asks each, where it always did, so its history replays as recorded.
   * New with it: a journey's last email ends the journey (the send that records it SENT also ends
   * the enrolment COMPLETED, with the step's `step.finished`, unless the lead it read meets a goal
   * or has unsubscribed), so the journey makes no finishEnrollment call of its own; signals that
   * arrive while that last send is under way no longer turn the end into an exit.
   */
  journeyCurrent: {
    id: 'journey-current-2026-12-01',
    since: '2026-12-01',
    deprecate:
      "step 2 when no journeyWorkflow run started before 2026-12-01 is open: delete the implied patches' patched() calls and old branches (no open history has their markers), the fixtures recorded without this marker, and turn this one into deprecatePatch; a later consolidation adds a new id, never edits this one",
  },
} as const satisfies Record<string, TPatch>;

/**
 * The patches a journey run with `journey-current-2026-12-01` takes without asking: every journey
 * patch before it. A patch added later is asked on its own until the next consolidation.
 */
export const JOURNEY_CURRENT_IMPLIES = [
  PATCHES.journeyLocalBookkeeping.id,
  PATCHES.sendPolicy.id,
  PATCHES.smtpRejectedMovesOn.id,
  PATCHES.sendTaskQueue.id,
  PATCHES.webhookStep.id,
  PATCHES.ruHolidays.id,
  PATCHES.journeyStepFold.id,
] as const;
export type TImpliedPatchId = (typeof JOURNEY_CURRENT_IMPLIES)[number];
