/**
 * The publish preview (a candidate definition against the version in force, and how many
 * journeys are running on each version: they keep theirs) and the comparison of any two
 * published versions. Both answer with the same step-level changes (diff-definitions.ts).
 */
import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { formatDefinitionIssues, ZSequenceDefinition, type TSequenceDefinition } from '../../journey/definition';
import { diffDefinitions, type TDefinitionChange } from './diff-definitions';

type TDeps = { prisma: PrismaClient };
export type TRunningByVersion = { version: number; active: number };
export type TPublishPreview = {
  /** The version in force (new enrollments take it), null before the first publish. */
  inForce: number | null;
  /** The version publishing would create, or null when the candidate equals the version in force. */
  nextVersion: number | null;
  changes: TDefinitionChange[];
  /** Journeys running now, per version; every one of them keeps its version. */
  running: TRunningByVersion[];
};
export type TVersionComparison = { key: string; from: number; to: number; changes: TDefinitionChange[] };

function parseCandidate(raw: unknown): TSequenceDefinition {
  const parsed = ZSequenceDefinition.safeParse(raw);
  if (!parsed.success) {
    const issues = formatDefinitionIssues(parsed.error);
    throw new AppError('DEFINITION_INVALID', `Sequence definition is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, {
      details: issues,
    });
  }
  return parsed.data;
}

/** What publishing `raw` as the next version of sequence `key` would change, and who keeps the old versions. */
export async function previewPublish(deps: TDeps, key: string, raw: unknown): Promise<TPublishPreview> {
  const candidate = parseCandidate(raw);
  if (candidate.key !== key) throw new AppError('VALIDATION_FAILED', `The definition's key ${candidate.key} is not ${key}`);
  const sequence = await deps.prisma.sequence.findUnique({
    where: { key },
    include: { versions: { orderBy: { version: 'desc' }, select: { id: true, version: true, definition: true } } },
  });
  const latest = sequence?.versions[0];
  const inForce = latest ? ZSequenceDefinition.parse(latest.definition) : null;
  const changes = diffDefinitions(inForce, candidate);
  const running: TRunningByVersion[] = [];
  if (sequence) {
    const counts = await deps.prisma.enrollment.groupBy({
      by: ['sequenceVersionId'],
      where: { sequenceId: sequence.id, status: 'ACTIVE' },
      _count: { _all: true },
    });
    const versionOf = new Map(sequence.versions.map((v) => [v.id, v.version]));
    for (const c of counts) running.push({ version: versionOf.get(c.sequenceVersionId) ?? 0, active: c._count._all });
    running.sort((a, b) => b.version - a.version);
  }
  return {
    inForce: latest?.version ?? null,
    nextVersion: latest && !changes.length ? null : (latest?.version ?? 0) + 1,
    changes,
    running,
  };
}

/** The changes from published version `from` to published version `to` (either order). */
export async function compareVersions(deps: TDeps, key: string, from: number, to: number): Promise<TVersionComparison> {
  const sequence = await deps.prisma.sequence.findUnique({
    where: { key },
    include: { versions: { where: { version: { in: [from, to] } }, select: { version: true, definition: true } } },
  });
  if (!sequence) throw new AppError('NOT_FOUND', `Sequence ${key} does not exist`);
  const pick = (n: number) => {
    const v = sequence.versions.find((x) => x.version === n);
    if (!v) throw new AppError('NOT_FOUND', `Sequence ${key} has no version ${n}`);
    return ZSequenceDefinition.parse(v.definition);
  };
  return { key, from, to, changes: diffDefinitions(pick(from), pick(to)) };
}
