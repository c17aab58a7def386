/**
 * Polls in real time until `check` returns something truthy, then returns it. The time-skipping
 * server does not skip time meanwhile, so this waits for activities, not for timers.
 */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | false | null>, timeoutMs = 15_000): Promise<T> {
  for (const started = Date.now(); Date.now() - started < timeoutMs;) {
    const value = await check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
