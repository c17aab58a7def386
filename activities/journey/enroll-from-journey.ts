import { ApplicationFailure } from '@temporalio/activity';
import type { TActivityDeps } from '../index';

/** An `enroll` step: starts the lead on another sequence (already active there is fine). */
export function createEnrollFromJourney({ enroll }: Pick<TActivityDeps, 'enroll'>) {
  return async function enrollFromJourney(input: {
    leadId: string;
    sequenceKey: string;
    fromSequenceKey: string;
  }): Promise<{ outcome: string }> {
    if (!enroll) throw ApplicationFailure.nonRetryable('This worker cannot enroll leads (no Temporal client given)', 'CONFIG_INVALID');
    const [result] = await enroll({ sequenceKey: input.sequenceKey, leadIds: [input.leadId], source: `sequence:${input.fromSequenceKey}` });
    if (result?.outcome === 'sequence_not_found')
      throw ApplicationFailure.nonRetryable(`Sequence ${input.sequenceKey} does not exist`, 'NOT_FOUND');
    return { outcome: result?.outcome ?? 'unknown' };
  };
}
