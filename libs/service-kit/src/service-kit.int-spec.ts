import { Body, Controller, Get, type INestApplication, Param, Post } from '@nestjs/common';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { Client } from 'pg';
import request from 'supertest';
import {
  bootstrapService,
  type BrokerHealthProbe,
  ConfigValidationError,
  DomainError,
  Metrics,
  ServiceKitModule,
  type ServiceKitOptions,
} from './index';
import { createOwnDatabase, type OwnDatabase } from './testing/own-database';

/** Stands in for the app's Kafka probe: the kit does not own the broker. */
class SwitchableBroker implements BrokerHealthProbe {
  answer: boolean | Error = true;
  async check(): Promise<boolean> {
    if (this.answer instanceof Error) throw this.answer;
    return this.answer;
  }
}

class CreateThingRequest {
  @IsIn(['requested', 'accepted']) status!: string;
  @IsOptional() @IsString() reason?: string;
}

@Controller('things')
class ThingsController {
  private readonly created;

  constructor(metrics: Metrics) {
    this.created = metrics.counter({ name: 'things_created_total', help: 'Things created', labelNames: ['status'] });
  }

  @Post()
  create(@Body() body: CreateThingRequest): { status: string; isDto: boolean } {
    this.created.inc({ status: body.status });
    return { status: body.status, isDto: body instanceof CreateThingRequest };
  }

  @Get('boom')
  boom(): never {
    throw new Error('column subject = Patient/2750312345678 exploded');
  }

  @Get(':id')
  find(@Param('id') id: string): never {
    throw new DomainError({ code: 'THING.NOT_FOUND', kind: 'not-found', detail: `id: no thing ${id}` });
  }
}

function testApp(options: Omit<ServiceKitOptions, 'service' | 'defaultPort'>) {
  class TestAppModule {}
  return {
    module: TestAppModule,
    imports: [ServiceKitModule.forRoot({ service: 'api', defaultPort: 3000, ...options })],
    controllers: [ThingsController],
  };
}

describe('service-kit booted in a Nest app (real PostgreSQL)', () => {
  let database: OwnDatabase;
  const broker = new SwitchableBroker();
  const logs: Record<string, unknown>[] = [];
  let app: INestApplication;

  beforeAll(async () => {
    database = await createOwnDatabase('service_kit');
    app = await bootstrapService(
      testApp({
        env: { DATABASE_URL: database.url, PORT: '0', LOG_LEVEL: 'info', API_KEYS: 'alice:officer:TOPSECRET', INSTANCE_ID: 'kit-test' },
        logging: { destination: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) } },
        health: { brokerProbe: { useValue: broker }, timeoutMs: 1_000 },
      }),
      { openApi: { title: 'kit test' } },
    );
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const http = () => request(app.getHttpServer());

  describe('GET /health', () => {
    afterEach(() => {
      broker.answer = true;
    });

    it('is 200 when PostgreSQL and the broker answer', async () => {
      const res = await http().get('/health').expect(200);
      expect(res.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, broker: { status: 'up' } } });
    });

    it('is 503 when the broker probe says not ready, and 200 again once it recovers', async () => {
      broker.answer = false;
      const res = await http().get('/health').expect(503);
      expect(res.body).toMatchObject({
        status: 'error',
        error: { broker: { status: 'down', message: 'not ready' } },
        info: { database: { status: 'up' } },
      });
      broker.answer = true;
      await http().get('/health').expect(200);
    });

    it('is 503 when the broker probe throws, without echoing its error', async () => {
      broker.answer = new Error('connect ECONNREFUSED 10.0.0.1:9092');
      const res = await http().get('/health').expect(503);
      expect(res.body.error.broker).toEqual({ status: 'down', message: 'unreachable' });
    });

    it('keeps /health/live at 200 whatever the dependencies say', async () => {
      broker.answer = false;
      await http().get('/health/live').expect(200, { status: 'ok' });
    });
  });

  describe('errors as application/problem+json', () => {
    it('names the invalid field of a DTO', async () => {
      const res = await http().post('/things').send({ status: 'done' }).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        type: 'urn:continuity:problem:REQUEST.INVALID',
        status: 400,
        code: 'REQUEST.INVALID',
        instance: '/things',
        errors: [{ field: 'status', detail: 'must be one of the following values: requested, accepted' }],
      });
      expect(res.body.detail).toBe('status: must be one of the following values: requested, accepted');
    });

    it('rejects unknown properties by name', async () => {
      const res = await http().post('/things').send({ status: 'accepted', subject: 'Patient/2750312345678' }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'subject', detail: 'should not exist' }]);
      expect(JSON.stringify(res.body)).not.toContain('2750312345678');
    });

    it('answers malformed JSON without quoting it', async () => {
      const res = await http()
        .post('/things')
        .set('content-type', 'application/json')
        .send('{"status": "accepted", "reason": Patient/2750312345678}')
        .expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 400, detail: 'The request body is not valid JSON.' });
      expect(res.text).not.toContain('2750312345678');
    });

    it('maps a DomainError to its status and code', async () => {
      const res = await http().get('/things/42').expect(404);
      expect(res.body).toMatchObject({ type: 'urn:continuity:problem:THING.NOT_FOUND', code: 'THING.NOT_FOUND', detail: 'id: no thing 42' });
    });

    it('answers unknown routes as about:blank 404', async () => {
      const res = await http().get('/nowhere?patient=2750312345678').expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404, instance: '/nowhere' });
    });

    it('hides an unexpected error behind an opaque 500', async () => {
      const res = await http().get('/things/boom').set('x-request-id', 'boom-1').expect(500);
      expect(res.body).toMatchObject({ status: 500, detail: 'The server could not complete the request.', requestId: 'boom-1' });
      expect(res.text).not.toContain('2750312345678');
    });
  });

  describe('request ids', () => {
    it('echoes an incoming x-request-id, into the problem and the log line', async () => {
      const res = await http().post('/things').set('x-request-id', 'req-abc.1').send({ status: 'nope' }).expect(400);
      expect(res.headers['x-request-id']).toBe('req-abc.1');
      expect(res.body.requestId).toBe('req-abc.1');
      expect(logs.find((l) => l['requestId'] === 'req-abc.1')).toMatchObject({ service: 'api', instance: 'kit-test', res: { statusCode: 400 } });
    });

    it('makes one when the caller sent none', async () => {
      const res = await http().post('/things').send({ status: 'accepted' }).expect(201);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body).toEqual({ status: 'accepted', isDto: true });
    });
  });

  it('serves a declared counter, default metrics and HTTP metrics at GET /metrics', async () => {
    await http().post('/things').send({ status: 'requested' }).expect(201);
    await http().get('/nowhere/else').expect(404);
    const res = await http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    expect(res.text).toContain('# TYPE things_created_total counter');
    expect(res.text).toContain('things_created_total{status="requested",service="api"} 1');
    expect(res.text).toMatch(/^process_cpu_user_seconds_total\{service="api"\} /m);
    expect(res.text).toMatch(/^http_requests_total\{method="POST",route="\/things",status="201",service="api"\} \d+/m);
    expect(res.text).toMatch(/^http_requests_total\{method="GET",route="unmatched",status="404",service="api"\} \d+/m);
  });

  it('serves the OpenAPI document', async () => {
    const res = await http().get('/docs-json').expect(200);
    expect(res.body.info.title).toBe('kit test');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/things', '/health', '/metrics']));
  });

  it('never logs credentials, patient data or query values', async () => {
    await http().get('/nowhere?patient=2750312345678').set('authorization', 'Bearer TOPSECRET').set('x-request-id', 'log-1').expect(404);
    await http().post('/things').send({ status: 'accepted', reason: 'Patient/2750312345678 Dupont' }).expect(201);
    const text = JSON.stringify(logs);
    expect(logs.length).toBeGreaterThan(0);
    expect(text).not.toMatch(/TOPSECRET|2750312345678|Dupont/);
    // The unexpected error of /things/boom is logged once, with its request id and a scrubbed message.
    expect(logs.find((l) => l['requestId'] === 'boom-1' && l['context'] === 'ProblemDetailsFilter')).toMatchObject({
      level: 50,
      err: { type: 'Error', message: 'column subject = Patient/[REDACTED] exploded' },
    });
    expect(logs.find((l) => l['requestId'] === 'log-1' && l['req'] !== undefined)).toMatchObject({
      req: { url: '/nowhere?patient=[REDACTED]', headers: { authorization: '[REDACTED]' } },
    });
  });

  // Last: it removes the database under the running app.
  it('is 503 once PostgreSQL no longer answers', async () => {
    await database.drop();
    const res = await http().get('/health').expect(503);
    expect(res.body).toMatchObject({ error: { database: { status: 'down' } }, info: { broker: { status: 'up' } } });
  });
});

describe('bootstrapService with a bad configuration', () => {
  it('fails at start with a message naming the variable', async () => {
    const start = bootstrapService(
      testApp({ env: { PORT: 'eighty', LOG_LEVEL: 'silent' }, health: { brokerProbe: { useValue: new SwitchableBroker() } } }),
    );
    await expect(start).rejects.toBeInstanceOf(ConfigValidationError);
    await expect(start).rejects.toThrow(/PORT must be an integer from 0 to 65535 \(got "eighty"\)/);
  });
});

describe('closing the app', () => {
  it('ends the health check connection to PostgreSQL', async () => {
    const database = await createOwnDatabase('service_kit_close');
    try {
      const app = await bootstrapService(
        testApp({ env: { DATABASE_URL: database.url, PORT: '0', LOG_LEVEL: 'silent' }, health: { brokerProbe: { useValue: new SwitchableBroker() } } }),
      );
      const connections = async () => {
        const client = new Client({ connectionString: database.url });
        await client.connect();
        try {
          const { rows } = await client.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'continuity-health'",
            [database.name],
          );
          return rows[0]?.n;
        } finally {
          await client.end();
        }
      };
      await request(app.getHttpServer()).get('/health').expect(200);
      expect(await connections()).toBe(1);
      await app.close();
      expect(await connections()).toBe(0);
    } finally {
      await database.drop();
    }
  });
});
