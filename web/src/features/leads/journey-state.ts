/**
 * A journey's state in words, for the lead page: the database record (ACTIVE, COMPLETED, EXITED,
 * FAILED) and, while active, the workflow's live state (GET /journeys/:id → live): running a step,
 * waiting (and why, until when), or paused. The words are console.journeyState.* (dates by Intl).
 * Pure: no React (it takes the console's `t`), so it is unit-tested.
 */
import { formatDateTime } from '../../lib/format';
import type { TTranslate } from '../../lib/translate';

export type TJourneyRecord = { status: string; exitReason: string | null };
export type TJourneyLive = {
  status: 'running' | 'waiting' | 'paused' | 'completed' | 'exited';
  stepId: string | null;
  stepType: string | null;
  nextActionAt: string | null;
  waitingFor: string | null;
  result: { status: string; reason: string } | null;
};

/** What the person can do with it now. */
export type TJourneyPhase = 'starting' | 'running' | 'waiting' | 'paused' | 'ended';

export function journeyPhase(record: TJourneyRecord, live: TJourneyLive | null | undefined): TJourneyPhase {
  if (record.status !== 'ACTIVE') return 'ended';
  if (!live) return 'starting';
  if (live.status === 'completed' || live.status === 'exited') return 'ended';
  return live.status;
}

/** The built-in events a journey waits for, in words (console.journeyState.event.<name>). */
const EVENTS = new Set(['replied', 'clicked', 'opened', 'purchased', 'meeting_booked']);

const eventInWords = (t: TTranslate, name: string) =>
  EVENTS.has(name)
    ? t(`journeyState.event.${name}`)
    : name.startsWith('custom:')
      ? t('journeyState.customEvent', { name: name.slice(7) })
      : name.replace(/_/g, ' ');

/** The workflow's reason for waiting ("wait 2 days", "event replied|clicked or timeout 5 days"…) as words. */
export function waitingInWords(t: TTranslate, why: string | null): string {
  if (!why) return '';
  let m = /^wait until attributes\.(\w+)(?: (.+))?$/.exec(why);
  if (m)
    return m[2]
      ? t('journeyState.untilAttributeOffset', { attribute: m[1]!, offset: m[2] })
      : t('journeyState.untilAttribute', { attribute: m[1]! });
  m = /^wait until (.+)$/.exec(why);
  if (m) return t('journeyState.untilDate', { date: formatDateTime(m[1]!) });
  m = /^wait (.+)$/.exec(why);
  if (m) return t('journeyState.forDuration', { duration: m[1]!.replace(/\(s\)/g, 's') });
  m = /^event (.+) or timeout (.+)$/.exec(why);
  if (m)
    return t('journeyState.forEvents', {
      events: m[1]!
        .split('|')
        .map((name) => eventInWords(t, name))
        .join(t('journeyState.or')),
      timeout: m[2]!,
    });
  if (why.startsWith('send window')) return t('journeyState.sendWindow');
  m = /^postponed:\s*(.*)$/.exec(why);
  if (m) return m[1] ? t('journeyState.postponedBecause', { reason: m[1] }) : t('journeyState.postponed');
  m = /^repeat every (.+?) \(run (\d+)\)$/.exec(why);
  if (m) return t('journeyState.repeat', { every: m[1]!, run: m[2]! });
  if (why.startsWith('holiday ')) return t('journeyState.holiday');
  if (why.startsWith('greetings until')) return t('journeyState.greetings');
  return t('journeyState.other', { why });
}

const stepName = (t: TTranslate, live: TJourneyLive) =>
  live.stepId
    ? live.stepType
      ? t('journeyState.stepTyped', { id: live.stepId, type: live.stepType })
      : t('journeyState.step', { id: live.stepId })
    : t('journeyState.aStep');

/** `Completed: <reason>` or `Completed` (key console.journeyState.<ending>[WithReason]). */
const ending = (t: TTranslate, kind: 'completed' | 'exited' | 'failed', reason: string | null | undefined) =>
  reason ? t(`journeyState.${kind}Because`, { reason }) : t(`journeyState.${kind}`);

/** One sentence: "Waiting for 2 days; next step 12 Nov 2026, 10:00", "Paused at step “tips” (email)", "Exited: asked to stop". */
export function journeyStateInWords(t: TTranslate, record: TJourneyRecord, live: TJourneyLive | null | undefined): string {
  switch (record.status) {
    case 'COMPLETED':
      return ending(t, 'completed', record.exitReason);
    case 'EXITED':
      return ending(t, 'exited', record.exitReason);
    case 'FAILED':
      return ending(t, 'failed', record.exitReason);
  }
  if (!live) return t('journeyState.starting');
  switch (live.status) {
    case 'paused':
      return t('journeyState.pausedAt', { step: stepName(t, live) });
    case 'waiting': {
      const words = waitingInWords(t, live.waitingFor);
      const waiting = !words
        ? t('journeyState.waiting')
        : live.waitingFor?.startsWith('postponed:')
          ? t('journeyState.waitingColon', { why: words })
          : t('journeyState.waitingWhy', { why: words });
      return live.nextActionAt ? t('journeyState.withNextStep', { waiting, date: formatDateTime(live.nextActionAt) }) : waiting;
    }
    case 'running':
      return t('journeyState.running', { step: stepName(t, live) });
    case 'completed':
      return ending(t, 'completed', live.result?.reason);
    case 'exited':
      return ending(t, 'exited', live.result?.reason);
  }
}
