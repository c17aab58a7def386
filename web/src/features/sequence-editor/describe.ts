/** A step being edited in words: the shared describer, or a plain note while it is still incomplete. */
import type { TStep } from '@journey/definition';
import { describeStep } from '@domain/sequences/describe-step';
import type { TTranslate } from '../../lib/translate';
import type { TEditStep } from './model';

/** The step in the shared describer's words (English, as the server's diff and history say it); "not complete yet" from the catalogue. */
export function describeEditStep(t: TTranslate, step: TEditStep): string {
  try {
    return describeStep(step as unknown as TStep);
  } catch {
    return t('sequenceEditor.notComplete');
  }
}
