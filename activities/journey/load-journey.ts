import { ApplicationFailure } from '@temporalio/activity';
import type { TActivityDeps } from '../index';
import { formatDefinitionIssues, ZSequenceDefinition, type TSequenceDefinition } from '../../journey/definition';
import type { TLeadSnapshot } from '../../journey/engine';
import { toLeadSnapshot } from '../../domain/leads/to-lead-snapshot';
import { readLead } from '../../domain/leads/read-lead';

type TLoadedJourney = { definition: TSequenceDefinition; sequenceKey: string; version: number };

/** Parsed versions kept per worker: a published version never changes (new content is a new version). */
const PARSED_VERSIONS_KEPT = 500;

/**
 * The published version a journey runs, parsed by zod (JSON column). A version is immutable once
 * published, so each worker parses it once and keeps the last few hundred (the parse, with its
 * time-zone checks, was a visible share of a journey's start in the bench's profile).
 */
export function createLoadJourney({ prisma }: Pick<TActivityDeps, 'prisma'>) {
  const parsed = new Map<string, TLoadedJourney>();
  return async function loadJourney(input: { enrollmentId: string; sequenceVersionId: string }): Promise<TLoadedJourney> {
    const kept = parsed.get(input.sequenceVersionId);
    if (kept) return kept;
    const loaded = await readJourney(input.sequenceVersionId);
    if (parsed.size >= PARSED_VERSIONS_KEPT) parsed.delete(parsed.keys().next().value!);
    parsed.set(input.sequenceVersionId, loaded);
    return loaded;
  };

  async function readJourney(sequenceVersionId: string): Promise<TLoadedJourney> {
    const input = { sequenceVersionId };
    const version = await prisma.sequenceVersion.findUnique({
      where: { id: input.sequenceVersionId },
      include: { sequence: { select: { key: true } } },
    });
    if (!version) throw ApplicationFailure.nonRetryable(`Sequence version ${input.sequenceVersionId} does not exist`, 'NOT_FOUND');
    const result = ZSequenceDefinition.safeParse(version.definition);
    if (!result.success) {
      const issues = formatDefinitionIssues(result.error).map((i) => `${i.path}: ${i.message}`);
      throw ApplicationFailure.nonRetryable(
        `Stored definition of ${version.sequence.key} v${version.version} is invalid: ${issues.join('; ')}`,
        'DEFINITION_INVALID',
      );
    }
    return { definition: result.data, sequenceKey: version.sequence.key, version: version.version };
  }
}

/**
 * A journey's first read (patch `journey-step-fold`): its definition and the lead, in one round of
 * queries, instead of two local activities one after the other.
 */
export function createBeginJourney({ prisma }: Pick<TActivityDeps, 'prisma'>) {
  const loadJourney = createLoadJourney({ prisma });
  return async function beginJourney(input: {
    enrollmentId: string;
    sequenceVersionId: string;
    leadId: string;
  }): Promise<{ definition: TSequenceDefinition; sequenceKey: string; version: number; lead: TLeadSnapshot }> {
    const [journey, lead] = await Promise.all([loadJourney(input), readLead(prisma, input.leadId)]);
    if (!lead) throw ApplicationFailure.nonRetryable(`Lead ${input.leadId} does not exist`, 'NOT_FOUND');
    return { ...journey, lead: toLeadSnapshot(lead) };
  };
}
