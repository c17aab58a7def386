/**
 * Published sequence versions, read and parsed once per process. A version never changes once
 * published (new content is a new version), so its parsed definition is kept (the last few
 * hundred): the zod parse, with its time-zone checks, was a visible share of a journey's start in
 * the bench's profile. Used by the journey's first read (activities/journey/load-journey.ts) and
 * by enrolment, which hands a new journey its definition in the start input (ADR-055).
 */
import type { PrismaClient } from '../../generated/prisma/client';
import { formatDefinitionIssues, ZSequenceDefinition, type TSequenceDefinition } from '../../journey/definition';

export type TPublishedVersion = { definition: TSequenceDefinition; sequenceKey: string; version: number };
export type TPublishedVersionRead =
  { ok: true; published: TPublishedVersion } | { ok: false; code: 'NOT_FOUND' | 'DEFINITION_INVALID'; message: string };
export type TPublishedVersions = (sequenceVersionId: string) => Promise<TPublishedVersionRead>;

/** Parsed versions kept per process. */
const KEPT = 500;

export function createPublishedVersions({ prisma }: { prisma: Pick<PrismaClient, 'sequenceVersion'> }): TPublishedVersions {
  const parsed = new Map<string, TPublishedVersion>();
  return async (sequenceVersionId) => {
    const kept = parsed.get(sequenceVersionId);
    if (kept) return { ok: true, published: kept };
    const version = await prisma.sequenceVersion.findUnique({
      where: { id: sequenceVersionId },
      include: { sequence: { select: { key: true } } },
    });
    if (!version) return { ok: false, code: 'NOT_FOUND', message: `Sequence version ${sequenceVersionId} does not exist` };
    const result = ZSequenceDefinition.safeParse(version.definition);
    if (!result.success) {
      const issues = formatDefinitionIssues(result.error).map((i) => `${i.path}: ${i.message}`);
      return {
        ok: false,
        code: 'DEFINITION_INVALID',
        message: `Stored definition of ${version.sequence.key} v${version.version} is invalid: ${issues.join('; ')}`,
      };
    }
    const published = { definition: result.data, sequenceKey: version.sequence.key, version: version.version };
    if (parsed.size >= KEPT) parsed.delete(parsed.keys().next().value!);
    parsed.set(sequenceVersionId, published);
    return { ok: true, published };
  };
}
