/** A step being edited in words: the shared describer, or a plain note while it is still incomplete. */
import type { TStep } from '@journey/definition';
import { describeStep } from '@domain/sequences/describe-step';
import type { TEditStep } from './model';

export function describeEditStep(step: TEditStep): string {
  try {
    return describeStep(step as unknown as TStep);
  } catch {
    return 'not complete yet';
  }
}
