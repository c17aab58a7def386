/** Webhook retry waits: "5s,5m,30m,2h,1d" → milliseconds, or undefined when malformed. */
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseRetrySchedule(text: string): number[] | undefined {
  const waits: number[] = [];
  for (const part of text.split(',')) {
    const match = /^\s*(\d{1,6})\s*([smhd])\s*$/i.exec(part);
    if (!match) return undefined;
    waits.push(Number(match[1]) * UNIT_MS[(match[2] ?? '').toLowerCase()]!);
  }
  return waits.length ? waits : undefined;
}
