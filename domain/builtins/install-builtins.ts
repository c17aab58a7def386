/**
 * Installs the built-in journeys: templates, sequences, triggers. Idempotent and respectful of
 * edits: a template, sequence or trigger whose key exists is left as it is, so a marketer's new
 * version is never replaced on the next start. Run by `npm run dev`, the worker and the tests.
 * Then a built-in sequence still exactly as an earlier release shipped it is upgraded to this
 * release's definition (upgrade-builtins.ts, ADR-049); an edited one is left alone.
 */
import type { PrismaClient } from '../../generated/prisma/client';
import { publishSequence } from '../sequences/publish-sequence';
import { createTemplateVersion } from '../templates/create-template-version';
import { ZTriggerInput } from '../triggers/schemas';
import { BUILTIN_SEQUENCES, BUILTIN_TRIGGERS } from './builtin-sequences';
import { BUILTIN_TEMPLATES } from './builtin-templates';
import { upgradeBuiltinSequences } from './upgrade-builtins';
import type { TLogger } from '../../lib/logger';

export async function installBuiltins(
  prisma: PrismaClient,
  options: { log?: Pick<TLogger, 'info'> | undefined } = {},
): Promise<{ templates: number; sequences: number; triggers: number; upgraded: number }> {
  const installed = { templates: 0, sequences: 0, triggers: 0, upgraded: 0 };
  for (const template of BUILTIN_TEMPLATES) {
    if (await prisma.emailTemplate.findFirst({ where: { key: template.key }, select: { id: true } })) continue;
    await createTemplateVersion(prisma, template);
    installed.templates++;
  }
  for (const sequence of BUILTIN_SEQUENCES) {
    if (await prisma.sequence.findUnique({ where: { key: sequence.key }, select: { id: true } })) continue;
    await publishSequence(prisma, sequence);
    installed.sequences++;
  }
  for (const { key, ...trigger } of BUILTIN_TRIGGERS) {
    const parsed = ZTriggerInput.parse(trigger);
    const created = await prisma.journeyTrigger.createMany({
      data: [{ key, ...parsed, condition: parsed.condition ?? undefined }],
      skipDuplicates: true,
    });
    installed.triggers += created.count;
  }
  // After the templates: an upgraded definition may name variants installed just now.
  const upgrades = await upgradeBuiltinSequences({ prisma, log: options.log });
  installed.upgraded = upgrades.filter((u) => u.outcome === 'upgraded').length;
  return installed;
}
