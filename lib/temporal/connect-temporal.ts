/**
 * Connections to Temporal for the API (client) and the worker (native connection), with TLS or
 * an API key for Temporal Cloud, and one clear error line when the server cannot be reached.
 */
import fs from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { TEnv } from '../env';
import { AppError } from '../errors';
import { currentTracing } from '../telemetry/tracing';
import { dataConverterFromEnv } from './payload-codec';

type TTemporalEnv = Pick<
  TEnv,
  'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE' | 'TEMPORAL_TLS' | 'TEMPORAL_TLS_CERT_PATH' | 'TEMPORAL_TLS_KEY_PATH' | 'TEMPORAL_API_KEY'
> &
  Partial<Pick<TEnv, 'PAYLOAD_ENCRYPTION_KEYS'>>;

function tlsOptions(env: TTemporalEnv) {
  if (env.TEMPORAL_TLS_CERT_PATH && env.TEMPORAL_TLS_KEY_PATH) {
    return { clientCertPair: { crt: fs.readFileSync(env.TEMPORAL_TLS_CERT_PATH), key: fs.readFileSync(env.TEMPORAL_TLS_KEY_PATH) } };
  }
  return env.TEMPORAL_TLS || env.TEMPORAL_API_KEY ? true : undefined;
}

const unreachable = (env: TTemporalEnv, cause: unknown) =>
  new AppError(
    'DEPENDENCY_UNAVAILABLE',
    `Cannot reach Temporal at ${env.TEMPORAL_ADDRESS} (namespace ${env.TEMPORAL_NAMESPACE}): ${(cause as Error).message.split('\n')[0]}. Is the server running? Check TEMPORAL_ADDRESS.`,
    { cause },
  );

export async function connectTemporalClient(env: TTemporalEnv): Promise<Client> {
  try {
    const connection = await Connection.connect({
      address: env.TEMPORAL_ADDRESS,
      tls: tlsOptions(env),
      ...(env.TEMPORAL_API_KEY ? { apiKey: env.TEMPORAL_API_KEY } : {}),
      connectTimeout: '5 seconds',
    });
    // Encrypted payloads (PAYLOAD_ENCRYPTION_KEYS): the client encrypts what it sends and decrypts results and queries.
    const dataConverter = dataConverterFromEnv(env);
    const tracing = currentTracing().temporalPlugin;
    return new Client({
      connection,
      namespace: env.TEMPORAL_NAMESPACE,
      ...(dataConverter ? { dataConverter } : {}),
      ...(tracing ? { plugins: [tracing] } : {}),
    });
  } catch (cause) {
    throw unreachable(env, cause);
  }
}

export async function connectTemporalWorker(env: TTemporalEnv): Promise<NativeConnection> {
  try {
    return await NativeConnection.connect({
      address: env.TEMPORAL_ADDRESS,
      tls: tlsOptions(env),
      ...(env.TEMPORAL_API_KEY ? { apiKey: env.TEMPORAL_API_KEY } : {}),
    });
  } catch (cause) {
    throw unreachable(env, cause);
  }
}
