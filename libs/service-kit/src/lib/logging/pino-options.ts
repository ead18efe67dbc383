import type { IncomingMessage, ServerResponse } from 'node:http';
import { stdSerializers, stdTimeFunctions } from 'pino';
import type { Options } from 'pino-http';
import type { AppConfig } from '../config/app-config';
import { maskQuery, REDACTED, REDACT_PATHS, scrubText } from './redaction';
import { requestIdOf } from './request-id';

/** Paths whose requests are not logged: probes and scrapes would drown everything else. */
export const QUIET_PATHS: ReadonlySet<string> = new Set(['/health', '/health/live', '/metrics']);

interface SerializedRequest {
  id?: unknown;
  method?: string;
  url?: string;
  headers?: Record<string, unknown>;
  remoteAddress?: string;
}

/**
 * pino-http options of every service: JSON lines at the configured level, tagged with the
 * service and instance, request ids, and the redactions of {@link REDACT_PATHS}. The request
 * is logged without its query values, params or body.
 */
export function pinoHttpOptions(config: AppConfig): Options {
  return {
    level: config.logLevel,
    base: { service: config.service, instance: config.instanceId },
    timestamp: stdTimeFunctions.isoTime,
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    genReqId: requestIdOf,
    customAttributeKeys: { reqId: 'requestId' },
    // Logs written inside a request carry its id, not the whole request again.
    quietReqLogger: true,
    autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.has((req.url ?? '').split('?')[0] ?? '') },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
      error !== undefined || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    serializers: {
      req: (req: SerializedRequest) => ({
        id: req.id,
        method: req.method,
        url: maskQuery(req.url ?? ''),
        headers: req.headers,
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      err: serializeError,
    },
  };
}

// PostgreSQL errors put the offending values in these members.
const VALUE_BEARING_ERROR_KEYS = ['detail', 'where', 'internalQuery', 'parameters'];

/**
 * pino's error serializer, minus the members that quote values, with free text scrubbed.
 * pino-http hands it errors already serialized by pino; those are only cleaned.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  const serialized: Record<string, unknown> =
    error instanceof Error ? { ...stdSerializers.err(error) } : { ...(error as Record<string, unknown>) };
  for (const key of VALUE_BEARING_ERROR_KEYS) delete serialized[key];
  for (const key of ['message', 'stack']) {
    const text = serialized[key];
    if (typeof text === 'string') serialized[key] = scrubText(text);
  }
  return serialized;
}
