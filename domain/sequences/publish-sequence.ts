/**
 * Publishes a definition as the next immutable version of its sequence (creating the sequence
 * on first publish). Running journeys keep the version they started with; new enrollments take
 * the latest. Publishing an identical definition again returns the current version.
 */
import type { PrismaClient } from '../../generated/prisma/client';
import { assertValidSequence } from './validate-sequence';

export type TPublishedVersion = {
  sequenceId: string;
  key: string;
  version: number;
  versionId: string;
  publishedAt: Date;
  created: boolean;
};

export async function publishSequence(prisma: PrismaClient, raw: unknown): Promise<TPublishedVersion> {
  const definition = await assertValidSequence(prisma, raw);
  return prisma.$transaction(async (tx) => {
    const sequence = await tx.sequence.upsert({
      where: { key: definition.key },
      create: { key: definition.key, name: definition.name, description: definition.description },
      update: { name: definition.name, description: definition.description },
    });
    const latest = await tx.sequenceVersion.findFirst({ where: { sequenceId: sequence.id }, orderBy: { version: 'desc' } });
    const base = { sequenceId: sequence.id, key: sequence.key };
    if (latest && stableStringify(latest.definition) === stableStringify(definition)) {
      return { ...base, version: latest.version, versionId: latest.id, publishedAt: latest.publishedAt, created: false };
    }
    const created = await tx.sequenceVersion.create({
      data: { sequenceId: sequence.id, version: (latest?.version ?? 0) + 1, definition: definition as object },
    });
    return { ...base, version: created.version, versionId: created.id, publishedAt: created.publishedAt, created: true };
  });
}

/** JSON with sorted keys: PostgreSQL's jsonb does not keep key order. */
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
