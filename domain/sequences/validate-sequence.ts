/**
 * Validates a sequence definition completely: its shape (zod, with exact paths like
 * `steps[3].wait.until`), and that every template it names exists and compiles.
 */
import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { formatDefinitionIssues, ZSequenceDefinition, type TSequenceDefinition } from '../../journey/definition';

export type TDefinitionIssue = { path: string; message: string };

export async function validateSequence(
  prisma: PrismaClient | undefined,
  raw: unknown,
): Promise<{ definition: TSequenceDefinition } | { issues: TDefinitionIssue[] }> {
  const parsed = ZSequenceDefinition.safeParse(raw);
  if (!parsed.success) return { issues: formatDefinitionIssues(parsed.error) };
  const definition = parsed.data;
  if (!prisma) return { definition };

  const issues: TDefinitionIssue[] = [];
  const wanted = new Map<string, string>();
  definition.steps.forEach((step, i) => {
    if (step.type !== 'email') return;
    wanted.set(step.email.template, `steps[${i}].email.template`);
    for (const [locale, key] of Object.entries(step.email.variants)) wanted.set(key, `steps[${i}].email.variants.${locale}`);
  });
  const found = new Set(
    (await prisma.emailTemplate.findMany({ where: { key: { in: [...wanted.keys()] } }, select: { key: true }, distinct: ['key'] })).map(
      (t) => t.key,
    ),
  );
  for (const [key, path] of wanted)
    if (!found.has(key)) issues.push({ path, message: `no template "${key}" (create it with POST /templates first)` });
  const enrolls = definition.steps.flatMap((s, i) =>
    s.type === 'enroll' ? [{ key: s.enroll.sequence, path: `steps[${i}].enroll.sequence` }] : [],
  );
  if (enrolls.length) {
    const known = new Set(
      (await prisma.sequence.findMany({ where: { key: { in: enrolls.map((e) => e.key) } }, select: { key: true } })).map((s) => s.key),
    );
    for (const e of enrolls) if (!known.has(e.key)) issues.push({ path: e.path, message: `no sequence "${e.key}" (publish it first)` });
  }
  return issues.length ? { issues } : { definition };
}

/** The same, as an error the API maps to 422 with every issue. */
export async function assertValidSequence(prisma: PrismaClient, raw: unknown): Promise<TSequenceDefinition> {
  const result = await validateSequence(prisma, raw);
  if ('issues' in result) {
    throw new AppError(
      'DEFINITION_INVALID',
      `Sequence definition is invalid: ${result.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      { details: result.issues },
    );
  }
  return result.definition;
}
