import pino from 'pino';
import { traceLogFields } from './telemetry/log-fields';

export type TLogger = pino.Logger;

/** pino, pretty in a terminal, JSON elsewhere (and always JSON in production). */
export function createLogger(options: { level: string; name?: string; pretty?: boolean }): TLogger {
  const pretty = options.pretty ?? (process.stdout.isTTY && process.env.NODE_ENV !== 'production');
  return pino({
    name: options.name ?? 'nurture',
    level: options.level,
    // Inside a traced request or activity: trace_id and span_id on every line (lib/telemetry).
    mixin: traceLogFields,
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } } } : {}),
  });
}
