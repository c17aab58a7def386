/**
 * Upgrading installed built-in journeys (ADR-049). installBuiltins never touches a sequence key
 * that exists, so an install keeps the built-in definitions of the release it started on (e.g.
 * without the locale `variants` of its email and greetings steps). On every start, for each
 * built-in sequence:
 *   - its latest version is the definition this release ships: nothing to do;
 *   - its latest version is a definition an earlier release shipped (its fingerprint is in
 *     SHIPPED_SEQUENCE_FINGERPRINTS), i.e. nobody edited it: this release's definition is
 *     published as a new version (running journeys keep theirs; new enrollments take it), logged;
 *   - anything else was published by a person: left alone, logged once per process.
 *
 * A fingerprint is the SHA-256 of the definition as ZSequenceDefinition parses it today, its keys
 * sorted (jsonb keeps no order), so defaults added since do not make an old definition look edited.
 * Changing a built-in sequence: add `sequenceFingerprint(<the definition it replaces>)` to
 * shipped-fingerprints.ts first. test/unit/staff-language.test.ts fails when the list no longer
 * holds the current built-ins (also after a schema change that alters what the parse outputs).
 */
import { createHash } from 'node:crypto';
import type { PrismaClient } from '../../generated/prisma/client';
import type { TLogger } from '../../lib/logger';
import { ZSequenceDefinition, type TSequenceDefinitionInput } from '../../journey/definition';
import { publishSequence } from '../sequences/publish-sequence';
import { BUILTIN_SEQUENCES } from './builtin-sequences';
import { SHIPPED_SEQUENCE_FINGERPRINTS } from './shipped-fingerprints';

/** JSON with sorted keys and no undefined members (as publishSequence compares definitions). */
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

/** The fingerprint of a sequence definition (stored or source); undefined if it does not parse today. */
export function sequenceFingerprint(definition: unknown): string | undefined {
  const parsed = ZSequenceDefinition.safeParse(definition);
  if (!parsed.success) return undefined;
  return createHash('sha256').update(stableStringify(parsed.data)).digest('hex');
}

export type TBuiltinUpgrade = {
  key: string;
  outcome: 'current' | 'upgraded' | 'edited';
  /** The latest version before the pass. */
  version: number;
  /** The version published by the pass (upgraded only). */
  upgradedTo?: number;
};

export type TUpgradeBuiltinsDeps = {
  prisma: PrismaClient;
  log?: Pick<TLogger, 'info'> | undefined;
  /** The built-ins and earlier fingerprints (tests pass their own). */
  builtins?: readonly TSequenceDefinitionInput[];
  shipped?: Readonly<Record<string, readonly string[]>>;
};

/** Keys whose edited version was already logged by this process. */
const loggedEdited = new Set<string>();

export async function upgradeBuiltinSequences(deps: TUpgradeBuiltinsDeps): Promise<TBuiltinUpgrade[]> {
  const { prisma } = deps;
  const builtins = deps.builtins ?? BUILTIN_SEQUENCES;
  const shipped = deps.shipped ?? SHIPPED_SEQUENCE_FINGERPRINTS;
  const out: TBuiltinUpgrade[] = [];
  for (const builtin of builtins) {
    const latest = await prisma.sequenceVersion.findFirst({
      where: { sequence: { key: builtin.key } },
      orderBy: { version: 'desc' },
      select: { version: true, definition: true },
    });
    if (!latest) continue; // not installed: installBuiltins installs it
    const installed = sequenceFingerprint(latest.definition);
    if (installed !== undefined && installed === sequenceFingerprint(builtin)) {
      out.push({ key: builtin.key, outcome: 'current', version: latest.version });
      continue;
    }
    if (installed !== undefined && (shipped[builtin.key] ?? []).includes(installed)) {
      const published = await publishSequence(prisma, builtin);
      deps.log?.info(
        { sequence: builtin.key, from: latest.version, to: published.version },
        'built-in journey upgraded: its latest version was an unedited earlier built-in',
      );
      out.push({ key: builtin.key, outcome: 'upgraded', version: latest.version, upgradedTo: published.version });
      continue;
    }
    const logKey = `${builtin.key}@${latest.version}`;
    if (!loggedEdited.has(logKey)) {
      loggedEdited.add(logKey);
      deps.log?.info(
        { sequence: builtin.key, version: latest.version },
        'built-in journey not upgraded: its latest version was edited (publish the built-in again by hand to take the new one)',
      );
    }
    out.push({ key: builtin.key, outcome: 'edited', version: latest.version });
  }
  return out;
}
