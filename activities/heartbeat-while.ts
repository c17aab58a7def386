import { activityInfo, heartbeat } from '@temporalio/activity';

/** How often to beat: a quarter of the heartbeat timeout, between 200 ms and 5 s (the SDK throttles what reaches the server). */
export const heartbeatEveryMs = (heartbeatTimeoutMs: number | undefined): number =>
  heartbeatTimeoutMs ? Math.min(5_000, Math.max(200, Math.floor(heartbeatTimeoutMs / 4))) : 5_000;

/**
 * Runs `work`, heartbeating at a steady interval until it settles (the interval is cleared in
 * `finally`), so a long SMTP transaction (a slow server, a wait for a pooled connection) is not
 * taken for a dead worker. Temporal starts a retry when heartbeats stop: if the first attempt is
 * in fact still talking SMTP, that retry is a second copy of the email.
 *
 * Each beat carries `details()`: the last details reach the next attempt (activityInfo().heartbeatDetails),
 * so a caller that must not lose what it already beat (sendLeadEmail's "SMTP accepted") returns it
 * here. Outside an activity (a plain call in a test) it only runs `work`.
 */
export async function heartbeatWhile<T>(work: () => Promise<T>, details: () => unknown = () => undefined): Promise<T> {
  let timeoutMs: number | undefined;
  try {
    timeoutMs = activityInfo().heartbeatTimeoutMs;
  } catch {
    return work(); // not inside an activity
  }
  const timer = setInterval(() => {
    try {
      heartbeat(details());
    } catch {
      // a beat that cannot be sent is only a missed beat; never crash the worker from a timer
    }
  }, heartbeatEveryMs(timeoutMs));
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
