import { ApplicationFailure } from '@temporalio/activity';
import type { TActivityDeps } from '../index';
import { formatDefinitionIssues, ZSequenceDefinition, type TSequenceDefinition } from '../../journey/definition';

/** The published version a journey runs: parsed by zod on every read (JSON column). */
export function createLoadJourney({ prisma }: Pick<TActivityDeps, 'prisma'>) {
  return async function loadJourney(input: {
    enrollmentId: string;
    sequenceVersionId: string;
  }): Promise<{ definition: TSequenceDefinition; sequenceKey: string; version: number }> {
    const version = await prisma.sequenceVersion.findUnique({
      where: { id: input.sequenceVersionId },
      include: { sequence: { select: { key: true } } },
    });
    if (!version) throw ApplicationFailure.nonRetryable(`Sequence version ${input.sequenceVersionId} does not exist`, 'NOT_FOUND');
    const parsed = ZSequenceDefinition.safeParse(version.definition);
    if (!parsed.success) {
      const issues = formatDefinitionIssues(parsed.error).map((i) => `${i.path}: ${i.message}`);
      throw ApplicationFailure.nonRetryable(
        `Stored definition of ${version.sequence.key} v${version.version} is invalid: ${issues.join('; ')}`,
        'DEFINITION_INVALID',
      );
    }
    return { definition: parsed.data, sequenceKey: version.sequence.key, version: version.version };
  };
}
