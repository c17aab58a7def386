/**
 * Drafts of the console's sequence editor: one per sequence key and person, saved as they type
 * (valid or not: the definition is checked when it is published), so closing the tab loses
 * nothing. The owner is `session:<userId>` or `api-key:<keyId>`.
 */
import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';

export type TSequenceDraft = {
  key: string;
  definition: Record<string, unknown>;
  baseVersion: number | null;
  createdAt: Date;
  updatedAt: Date;
};
export type TDraftSummary = { key: string; name: string; baseVersion: number | null; updatedAt: Date };

type TDeps = { prisma: PrismaClient };

const view = (row: { sequenceKey: string; definition: unknown; baseVersion: number | null; createdAt: Date; updatedAt: Date }) => ({
  key: row.sequenceKey,
  definition: (row.definition ?? {}) as Record<string, unknown>,
  baseVersion: row.baseVersion,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/** The person's draft of a sequence, or a NOT_FOUND error (the console then starts from the version in force). */
export async function getSequenceDraft(deps: TDeps, owner: string, key: string): Promise<TSequenceDraft> {
  const row = await deps.prisma.sequenceDraft.findUnique({ where: { sequenceKey_owner: { sequenceKey: key, owner } } });
  if (!row) throw new AppError('NOT_FOUND', `You have no draft of sequence ${key}`);
  return view(row);
}

/**
 * Saves (creates or replaces) the person's draft. Its `key`, when set, must be the sequence's:
 * a draft cannot rename the sequence it belongs to.
 */
export async function saveSequenceDraft(
  deps: TDeps,
  owner: string,
  key: string,
  input: { definition: Record<string, unknown>; baseVersion?: number | null | undefined },
): Promise<TSequenceDraft> {
  if (input.definition['key'] !== undefined && input.definition['key'] !== key)
    throw new AppError('VALIDATION_FAILED', `The draft's key ${JSON.stringify(input.definition['key'])} is not the sequence's (${key})`);
  const definition = { ...input.definition, key } as object;
  const row = await deps.prisma.sequenceDraft.upsert({
    where: { sequenceKey_owner: { sequenceKey: key, owner } },
    create: { sequenceKey: key, owner, definition, baseVersion: input.baseVersion ?? null },
    update: { definition, ...(input.baseVersion !== undefined ? { baseVersion: input.baseVersion } : {}) },
  });
  return view(row);
}

/** Discards the person's draft (after publishing it, or when they start over). Idempotent. */
export async function deleteSequenceDraft(deps: TDeps, owner: string, key: string): Promise<void> {
  await deps.prisma.sequenceDraft.deleteMany({ where: { sequenceKey: key, owner } });
}

/** The person's drafts, most recently edited first (new sequences appear here before their first publish). */
export async function listSequenceDrafts(deps: TDeps, owner: string): Promise<TDraftSummary[]> {
  const rows = await deps.prisma.sequenceDraft.findMany({ where: { owner }, orderBy: { updatedAt: 'desc' }, take: 200 });
  return rows.map((r) => {
    const name = (r.definition as Record<string, unknown> | null)?.['name'];
    return {
      key: r.sequenceKey,
      name: typeof name === 'string' && name.trim() ? name : r.sequenceKey,
      baseVersion: r.baseVersion,
      updatedAt: r.updatedAt,
    };
  });
}
