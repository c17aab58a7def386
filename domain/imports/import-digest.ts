/**
 * A rep's import digest (ADR-051): one email per rep per import — "12 new leads were assigned to
 * you from trade-show.csv" with a short list and links — instead of one notice per lead. Built
 * from the digest entries the import's batches recorded with their rows (LeadImportFollowUp), in
 * the rep's language (`staff.importDigest.*`).
 */
import type { PrismaClient } from '../../generated/prisma/client';
import type { TDigestEntry } from '../../contract/capture-follow-up';
import { defaultStaffLocale, staffLocalesOf, staffTranslatorFor } from '../staff/staff-translator';

/** Leads listed by name in one digest; the rest are counted, with a link to the rep's leads. */
export const DIGEST_LIST_LIMIT = 25;

export type TImportDigest = {
  /** The rep's address. */
  to: string;
  /** The ledger and timeline need a lead: the first one the digest lists. */
  firstLeadId: string;
  assigned: number;
  returned: number;
  subject: string;
  text: string;
};

type TListedLead = { id: string; firstName: string; lastName: string | null; email: string; heat: string; company: string | null };

/** Every rep's digest for an import, in the order the reps first appear in the file. */
export async function buildImportDigests(deps: {
  prisma: PrismaClient;
  /** The console's address, for links (PUBLIC_BASE_URL). */
  publicBaseUrl: string;
  /** STAFF_LOCALE (for reps and users without a language of their own); unset: the environment's. */
  staffLocale?: string | undefined;
  importId: string;
}): Promise<TImportDigest[]> {
  const { prisma, importId } = deps;
  const [job, rows] = await Promise.all([
    prisma.leadImport.findUniqueOrThrow({ where: { id: importId }, select: { fileName: true } }),
    prisma.leadImportFollowUp.findMany({ where: { importId }, orderBy: { batchFrom: 'asc' }, select: { work: true } }),
  ]);
  // Per rep: assigned leads, then leads of theirs the file touched again (unless also assigned by it).
  const byRep = new Map<string, { assigned: string[]; returned: string[] }>();
  for (const { work } of rows) {
    for (const entry of ((work as { digest?: TDigestEntry[] }).digest ?? []) as TDigestEntry[]) {
      const rep = byRep.get(entry.to) ?? { assigned: [], returned: [] };
      byRep.set(entry.to, rep);
      (entry.kind === 'assigned' ? rep.assigned : rep.returned).push(entry.leadId);
    }
  }
  if (!byRep.size) return [];
  const listed = new Set(
    [...byRep.values()].flatMap((r) => [...r.assigned.slice(0, DIGEST_LIST_LIMIT), ...r.returned.slice(0, DIGEST_LIST_LIMIT)]),
  );
  const [leads, reps] = await Promise.all([
    prisma.lead.findMany({
      where: { id: { in: [...listed] } },
      select: { id: true, firstName: true, lastName: true, email: true, heat: true, company: true },
    }),
    prisma.rep.findMany({ where: { email: { in: [...byRep.keys()] } }, select: { email: true, name: true } }),
  ]);
  const locales = await staffLocalesOf({ prisma, staffLocale: deps.staffLocale }, [...byRep.keys()]);
  const leadById = new Map<string, TListedLead>(leads.map((l) => [l.id, l]));
  const nameOf = new Map(reps.map((r) => [r.email, r.name]));
  const base = deps.publicBaseUrl.replace(/\/$/, '');

  const digests: TImportDigest[] = [];
  for (const [to, rep] of byRep) {
    const assignedSet = new Set(rep.assigned);
    const assigned = [...assignedSet];
    const returned = [...new Set(rep.returned)].filter((id) => !assignedSet.has(id));
    const firstLeadId = assigned[0] ?? returned[0];
    if (!firstLeadId) continue;
    const t = staffTranslatorFor(locales.get(to.trim().toLowerCase()) ?? defaultStaffLocale(deps));
    const line = (id: string) => {
      const lead = leadById.get(id);
      if (!lead) return `- ${base}/app/leads/${id}`;
      const name = [lead.firstName, lead.lastName].filter(Boolean).join(' ');
      const heat = t.t(`staff.importDigest.heat.${lead.heat.toLowerCase()}`);
      return `- ${name} <${lead.email}>${lead.company ? `, ${lead.company}` : ''} (${heat})\n  ${base}/app/leads/${id}`;
    };
    const section = (ids: string[], intro: string) => {
      const more = ids.length - DIGEST_LIST_LIMIT;
      return [
        intro,
        ...ids.slice(0, DIGEST_LIST_LIMIT).map(line),
        ...(more > 0 ? [t.t('staff.importDigest.more', { count: more })] : []),
      ].join('\n');
    };
    const file = job.fileName;
    const parts = [
      t.t('staff.importDigest.greeting', { name: nameOf.get(to) ?? to }),
      ...(assigned.length ? [section(assigned, t.t('staff.importDigest.assigned', { count: assigned.length, file }))] : []),
      ...(returned.length ? [section(returned, t.t('staff.importDigest.returned', { count: returned.length, file }))] : []),
      t.t('staff.importDigest.footer', { url: `${base}/app/leads` }),
    ];
    const subject = assigned.length
      ? t.t('staff.importDigest.subject', { count: assigned.length, file })
      : t.t('staff.importDigest.subjectReturned', { count: returned.length, file });
    digests.push({
      to,
      firstLeadId,
      assigned: assigned.length,
      returned: returned.length,
      subject: subject.replace(/[\r\n]+/g, ' '),
      text: `${parts.join('\n\n')}\n`,
    });
  }
  return digests;
}
