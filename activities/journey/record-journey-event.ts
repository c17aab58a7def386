import type { TActivityDeps } from '../index';
import { recordJourneyEvents as writeJourneyEvents, type TJourneyEventRow } from '../../domain/journeys/record-journey-events';

export type TRecordJourneyEventInput = TJourneyEventRow;

/** One timeline row per journey outcome; the key makes a retried activity write it once. */
export function createRecordJourneyEvent({ prisma }: Pick<TActivityDeps, 'prisma'>) {
  return async function recordJourneyEvent(input: TRecordJourneyEventInput): Promise<void> {
    await writeJourneyEvents(prisma, [input]);
  };
}

/** A journey's pending timeline rows in one write (patch `journey-step-fold`: before a wait, or alone when no other call carries them). */
export function createRecordJourneyEvents({ prisma }: Pick<TActivityDeps, 'prisma'>) {
  return async function recordJourneyEvents({ events }: { events: TJourneyEventRow[] }): Promise<void> {
    await writeJourneyEvents(prisma, events);
  };
}
