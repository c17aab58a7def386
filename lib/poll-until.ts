/**
 * Asks `check` until it says yes or `timeoutMs` has passed; true when it said yes. The pause
 * between asks starts at `firstDelayMs` and doubles up to `maxDelayMs` (default: no growth).
 * For bounded waits on state another process moves (a send finishing, a journey closing).
 */
export async function pollUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  { firstDelayMs = 100, maxDelayMs = firstDelayMs }: { firstDelayMs?: number; maxDelayMs?: number } = {},
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = firstDelayMs; ; delay = Math.min(delay * 2, maxDelayMs)) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, delay));
  }
}
