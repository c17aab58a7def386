/**
 * The sending domain of a lead email: the domain of the owner's address for mail sent as the
 * lead's owner, otherwise the domain of MAIL_FROM. Reputation is tracked per sending domain
 * (sender-reputation-guard.ts), since that is what mailbox providers judge.
 */
export function domainOfAddress(address: string): string {
  const bare = /<([^>]+)>/.exec(address)?.[1] ?? address;
  const at = bare.lastIndexOf('@');
  return (at >= 0 ? bare.slice(at + 1) : bare).trim().toLowerCase();
}

export function sendingDomainFor(
  input: { fromOwner?: boolean | undefined },
  lead: { ownerEmail: string | null },
  config: { mailFrom: string },
): string {
  return domainOfAddress(input.fromOwner && lead.ownerEmail ? lead.ownerEmail : config.mailFrom);
}
