/**
 * Readiness checks shared by the API (/health, /health/ready) and the worker's ops server: each
 * check resolves with a short detail or throws with the reason, and is given a time limit.
 */
export type TCheck = () => Promise<string>;
export type TCheckResult = { status: 'ok' | 'down'; detail: string; latencyMs: number };
export type TReadiness = { status: 'ok' | 'down'; checks: Record<string, TCheckResult>; failing: string[] };

export async function runCheck(check: TCheck, timeoutMs: number): Promise<TCheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const detail = await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        timer.unref();
      }),
    ]);
    return { status: 'ok', detail, latencyMs: Math.round(performance.now() - started) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { status: 'down', detail: message.split('\n')[0] || 'failed', latencyMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every check in parallel: ready when all are ok; `failing` names the others. */
export async function runReadiness(checks: Record<string, TCheck | undefined>, timeoutMs = 3000): Promise<TReadiness> {
  const names = Object.keys(checks).filter((n) => checks[n] !== undefined);
  const results = await Promise.all(names.map((n) => runCheck(checks[n]!, timeoutMs)));
  const failing = names.filter((_, i) => results[i]!.status !== 'ok');
  return { status: failing.length ? 'down' : 'ok', checks: Object.fromEntries(names.map((n, i) => [n, results[i]!])), failing };
}
