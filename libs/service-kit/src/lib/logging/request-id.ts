import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Header carrying the correlation id in and out. */
export const REQUEST_ID_HEADER = 'x-request-id';

// A caller's id is reused only if it cannot inject anything into logs or headers.
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * pino-http `genReqId`: honours an acceptable incoming `x-request-id`, else makes a UUID, and
 * echoes it on the response so a caller can quote it.
 */
export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}
