/**
 * A journey's state in words, for the lead page: the database record (ACTIVE, COMPLETED, EXITED,
 * FAILED) and, while active, the workflow's live state (GET /journeys/:id → live): running a step,
 * waiting (and why, until when), or paused. Pure: no React, so it is unit-tested.
 */
import { formatDateTime } from '../../lib/format';

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

const EVENTS: Record<string, string> = {
  replied: 'a reply',
  clicked: 'a click',
  opened: 'an open',
  purchased: 'a purchase',
  meeting_booked: 'a booked meeting',
};

const eventInWords = (name: string) => EVENTS[name] ?? (name.startsWith('custom:') ? `“${name.slice(7)}”` : name.replace(/_/g, ' '));

/** The workflow's reason for waiting ("wait 2 days", "event replied|clicked or timeout 5 days"…) as words. */
export function waitingInWords(why: string | null): string {
  if (!why) return '';
  let m = /^wait until attributes\.(\w+)(?: (.+))?$/.exec(why);
  if (m) return `until the lead’s ${m[1]}${m[2] ? ` (${m[2]})` : ''}`;
  m = /^wait until (.+)$/.exec(why);
  if (m) return `until ${formatDateTime(m[1]!)}`;
  m = /^wait (.+)$/.exec(why);
  if (m) return `for ${m[1]!.replace(/\(s\)/g, 's')}`;
  m = /^event (.+) or timeout (.+)$/.exec(why);
  if (m) return `for ${m[1]!.split('|').map(eventInWords).join(' or ')} (at most ${m[2]})`;
  if (why.startsWith('send window')) return 'for the send window';
  m = /^postponed:\s*(.*)$/.exec(why);
  if (m) return `: the send is postponed${m[1] ? ` (${m[1]})` : ''}`;
  m = /^repeat every (.+?) \(run (\d+)\)$/.exec(why);
  if (m) return `to repeat (every ${m[1]}, run ${m[2]})`;
  if (why.startsWith('holiday ')) return 'for the next holiday greeting';
  if (why.startsWith('greetings until')) return 'until the greetings period ends';
  return `(${why})`;
}

const stepName = (live: TJourneyLive) => (live.stepId ? `step “${live.stepId}”${live.stepType ? ` (${live.stepType})` : ''}` : 'a step');

/** One sentence: "Waiting for 2 days; next step 12 Nov 2026, 10:00", "Paused at step “tips” (email)", "Exited: asked to stop". */
export function journeyStateInWords(record: TJourneyRecord, live: TJourneyLive | null | undefined): string {
  switch (record.status) {
    case 'COMPLETED':
      return record.exitReason ? `Completed: ${record.exitReason}` : 'Completed';
    case 'EXITED':
      return record.exitReason ? `Exited: ${record.exitReason}` : 'Exited';
    case 'FAILED':
      return record.exitReason ? `Failed: ${record.exitReason}` : 'Failed';
  }
  if (!live) return 'Active (starting, or its state is not available yet)';
  switch (live.status) {
    case 'paused':
      return `Paused at ${stepName(live)}`;
    case 'waiting': {
      const words = waitingInWords(live.waitingFor);
      const next = live.nextActionAt ? `; next step ${formatDateTime(live.nextActionAt)}` : '';
      return `Waiting${words.startsWith(':') ? words : words ? ` ${words}` : ''}${next}`;
    }
    case 'running':
      return `Running ${stepName(live)}`;
    case 'completed':
      return live.result?.reason ? `Completed: ${live.result.reason}` : 'Completed';
    case 'exited':
      return live.result?.reason ? `Exited: ${live.result.reason}` : 'Exited';
  }
}
