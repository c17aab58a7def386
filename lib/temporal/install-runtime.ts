/** Routes the Temporal SDK's own logs (worker, bundler, core) into pino, at WARN and above by default. */
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { TLogger } from '../logger';

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

export function installTemporalRuntime(
  log: TLogger,
  level: LogLevel = 'WARN',
  options: { metricsBindAddress?: string | undefined } = {},
): void {
  const temporalLog = log.child({ component: 'temporal' });
  Runtime.install({
    logger: new DefaultLogger(level, ({ level: l, message, meta }) => temporalLog[LEVELS[l]](meta ?? {}, message)),
    // TEMPORAL_METRICS_BIND_ADDRESS: the SDK's own worker metrics (task slots, poll latency, …) in Prometheus format.
    ...(options.metricsBindAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: options.metricsBindAddress } } } } : {}),
  });
}
