import type { IncomingMessage, ServerResponse } from 'node:http';
import pino from 'pino';
import { validateConfig } from '../config/validate-config';
import { pinoHttpOptions, serializeError } from './pino-options';
import { maskQuery, scrubText } from './redaction';
import { requestIdOf } from './request-id';

/** A real pino logger with the kit's options, writing into an array. */
function capture(): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const options = pinoHttpOptions(validateConfig({ LOG_LEVEL: 'debug', INSTANCE_ID: 'rx-1' }, { service: 'prescriptions', defaultPort: 3101 }));
  const { level, base, redact, serializers } = options;
  const logger = pino({ level, base, redact, serializers }, { write: (chunk: string) => chunks.push(chunk) });
  return { logger, lines: () => chunks.map((c) => JSON.parse(c) as Record<string, unknown>) };
}

describe('log redaction', () => {
  it('tags lines with the service and instance, as JSON', () => {
    const { logger, lines } = capture();
    logger.info({ patientKey: 'pk-1' }, 'batch stored');
    expect(lines()[0]).toMatchObject({ service: 'prescriptions', instance: 'rx-1', patientKey: 'pk-1', msg: 'batch stored', level: 30 });
  });

  it('hides patient-like members at every depth the services log', () => {
    const { logger, lines } = capture();
    const event = { id: 'e1', type: 'continuity.lab.ordered', subject: 'Patient/2750312345678', data: { resourceType: 'ServiceRequest' } };
    logger.warn({ event, subject: event.subject, nested: { message: { value: '{"subject":"Patient/2750312345678"}' } } }, 'rejected');
    logger.error({ err: Object.assign(new Error('boom'), { data: { patient: 'x' } }), req: { body: { note: 'Dupont' } } }, 'failed');
    const text = JSON.stringify(lines());
    expect(text).not.toContain('2750312345678');
    expect(text).not.toContain('Dupont');
    expect(text).not.toContain('ServiceRequest');
    expect(lines()[0]).toMatchObject({ event: { id: 'e1', subject: '[REDACTED]', data: '[REDACTED]' }, subject: '[REDACTED]' });
  });

  it('hides credentials and query values of a logged request', () => {
    const { logger, lines } = capture();
    const req = {
      id: 'r1',
      method: 'GET',
      url: '/fhir/Task?patient=2750312345678&status=requested',
      headers: { authorization: 'Bearer TOPSECRET', cookie: 'sid=TOPSECRET', 'user-agent': 'curl' },
      query: { patient: '2750312345678' },
      params: {},
      remoteAddress: '127.0.0.1',
    };
    logger.info({ req }, 'request completed');
    const text = JSON.stringify(lines());
    expect(text).not.toMatch(/TOPSECRET|2750312345678/);
    expect(lines()[0]).toMatchObject({
      req: { url: '/fhir/Task?patient=[REDACTED]&status=requested', headers: { authorization: '[REDACTED]', 'user-agent': 'curl' } },
    });
  });
});

describe('maskQuery', () => {
  it.each([
    ['/health', '/health'],
    ['/fhir/Task?_count=10&_offset=20', '/fhir/Task?_count=10&_offset=20'],
    ['/fhir/Task?subject=Patient%2F1&code=lab-not-collected', '/fhir/Task?subject=[REDACTED]&code=lab-not-collected'],
    ['/x?name=Dupont', '/x?name=[REDACTED]'],
  ])('%s → %s', (url, masked) => {
    expect(maskQuery(url)).toBe(masked);
  });
});

describe('requestIdOf', () => {
  function exchange(header?: string): { id: string; echoed: unknown } {
    const headers: Record<string, unknown> = {};
    const req = { headers: header === undefined ? {} : { 'x-request-id': header } } as unknown as IncomingMessage;
    const res = { setHeader: (name: string, value: unknown) => (headers[name] = value) } as unknown as ServerResponse;
    const id = requestIdOf(req, res);
    return { id, echoed: headers['x-request-id'] };
  }

  it('reuses an acceptable incoming id and echoes it', () => {
    expect(exchange('abc-123')).toEqual({ id: 'abc-123', echoed: 'abc-123' });
  });

  it.each([undefined, '', 'has space', 'x'.repeat(129), 'line\nbreak'])('makes a fresh UUID for %j', (header) => {
    const { id, echoed } = exchange(header);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(echoed).toBe(id);
  });
});

describe('scrubText and the error serializer', () => {
  function parseFailure(text: string): Error {
    try {
      JSON.parse(text);
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected invalid JSON');
  }

  it.each([
    ['column subject = Patient/2750312345678 exploded', 'column subject = Patient/[REDACTED] exploded'],
    ['no patient key 2750312345678 here', 'no patient key [REDACTED] here'],
    ['connect ECONNREFUSED 127.0.0.1:5432', 'connect ECONNREFUSED 127.0.0.1:5432'],
    ['duplicate key value violates unique constraint "events_pkey"', 'duplicate key value violates unique constraint "events_pkey"'],
  ])('%s → %s', (text, scrubbed) => {
    expect(scrubText(text)).toBe(scrubbed);
  });

  it.each(['{"subject": "Dupont Jean"} trailing', '{"name": Dupont}', '[Dupont'])(
    'hides what JSON.parse quotes of %j',
    (input) => {
      const serialized = serializeError(parseFailure(input));
      expect(JSON.stringify(serialized)).not.toContain('Dupont');
      expect(serialized['type']).toBe('SyntaxError');
    },
  );

  it('drops the value-bearing members of a PostgreSQL error and keeps its code', () => {
    const pgError = Object.assign(new Error('duplicate key value violates unique constraint "events_source_event_id_key"'), {
      code: '23505',
      detail: 'Key (source, event_id)=(urn:x, Patient/2750312345678) already exists.',
      constraint: 'events_source_event_id_key',
    });
    const serialized = serializeError(pgError);
    expect(serialized).toMatchObject({ code: '23505', constraint: 'events_source_event_id_key' });
    expect(serialized).not.toHaveProperty('detail');
  });
});
