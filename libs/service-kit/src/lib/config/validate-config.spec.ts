import { inspect } from 'node:util';
import { ConfigValidationError, validateConfig, type Environment } from './validate-config';

const reconciler = { service: 'lab', defaultPort: 3102 } as const;

function problemOf(env: Environment): ConfigValidationError {
  try {
    validateConfig(env, reconciler);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigValidationError');
}

describe('validateConfig', () => {
  it('applies the CONTRACT.md defaults and the per-app port when nothing is set', () => {
    const config = validateConfig({}, reconciler);
    expect(config.service).toBe('lab');
    expect(config.kafkaBrokers).toEqual(['127.0.0.1:9092']);
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/continuity');
    expect(config.port).toBe(3102);
    expect(config.apiKeys).toEqual([]);
    expect(config.logLevel).toBe('info');
    expect(config.instanceId).toMatch(new RegExp(`-${process.pid}$`));
  });

  it('treats empty variables as unset', () => {
    expect(validateConfig({ PORT: '', KAFKA_BROKERS: '  ' }, { service: 'api', defaultPort: 3000 }).port).toBe(3000);
  });

  it('parses good values', () => {
    const config = validateConfig(
      {
        KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9093,[::1]:9094',
        DATABASE_URL: 'postgresql://svc:pw@db.internal:6432/continuity',
        PORT: '0',
        API_KEYS: 'alice:officer:s3cret,bob:auditor:with:colons',
        LOG_LEVEL: 'silent',
        INSTANCE_ID: 'lab-7',
      },
      reconciler,
    );
    expect(config.kafkaBrokers).toEqual(['kafka-1:9092', 'kafka-2:9093', '[::1]:9094']);
    expect(config.port).toBe(0);
    expect(config.apiKeys.map((k) => [k.name, k.role])).toEqual([
      ['alice', 'officer'],
      ['bob', 'auditor'],
    ]);
    expect(config.findApiKey('with:colons')?.name).toBe('bob');
    expect(config.findApiKey('s3cret')?.role).toBe('officer');
    expect(config.findApiKey('s3cre')).toBeUndefined();
    expect(config.logLevel).toBe('silent');
    expect(config.instanceId).toBe('lab-7');
  });

  it.each([
    ['PORT', 'abc', /^PORT must be an integer from 0 to 65535/],
    ['PORT', '70000', /^PORT must be an integer/],
    ['PORT', '-1', /^PORT must be an integer/],
    ['KAFKA_BROKERS', 'kafka-1', /^KAFKA_BROKERS must be a comma-separated list of host:port/],
    ['KAFKA_BROKERS', 'a:9092,b:notaport', /^KAFKA_BROKERS/],
    ['DATABASE_URL', 'mysql://x@h/db', /^DATABASE_URL must use the postgres:\/\/ scheme/],
    ['DATABASE_URL', 'not a url', /^DATABASE_URL must be a URL/],
    ['DATABASE_URL', 'postgres://h:5432', /^DATABASE_URL must name a database/],
    ['LOG_LEVEL', 'loud', /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/],
    ['INSTANCE_ID', 'has space', /^INSTANCE_ID must be/],
    ['API_KEYS', 'alice:nurse:x', /^API_KEYS entry 1 \(alice\): role must be one of officer, auditor, publisher, admin/],
    ['API_KEYS', 'alice:officer', /^API_KEYS entry 1: expected name:role:secret/],
    ['API_KEYS', 'alice:officer:', /^API_KEYS entry 1 \(alice\): secret is empty/],
    ['API_KEYS', 'a:officer:x,a:auditor:y', /^API_KEYS entry 2 \(a\): duplicate name/],
    ['API_KEYS', 'a:officer:same,b:auditor:same', /^API_KEYS entry 2 \(b\): secret already used/],
  ])('rejects %s=%j with a message naming the variable', (variable, value, message) => {
    const error = problemOf({ [variable]: value });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]?.variable).toBe(variable);
    expect(error.problems[0]?.detail).toMatch(message);
    expect(error.message).toMatch(new RegExp(`^Invalid configuration: ${variable}`));
  });

  it('reports every bad variable at once', () => {
    const error = problemOf({ PORT: 'x', LOG_LEVEL: 'y' });
    expect(error.problems.map((p) => p.variable).sort()).toEqual(['LOG_LEVEL', 'PORT']);
  });

  it('never echoes a secret in a validation message', () => {
    const error = problemOf({ API_KEYS: 'good:admin:TOPSECRET1,bad:nurse:TOPSECRET2', DATABASE_URL: 'mysql://u:TOPSECRET3@h/db' });
    expect(error.message).not.toMatch(/TOPSECRET/);
    expect(error.message).toMatch(/API_KEYS entry 2 \(bad\)/);
  });
});

describe('AppConfig masking', () => {
  const config = validateConfig(
    { API_KEYS: 'alice:officer:TOPSECRET1', DATABASE_URL: 'postgres://svc:TOPSECRET2@db:5432/continuity' },
    { service: 'api', defaultPort: 3000 },
  );

  it.each([
    ['JSON.stringify', () => JSON.stringify(config)],
    ['util.inspect', () => inspect(config, { depth: 10, showHidden: true })],
    ['toString', () => String(config)],
    ['template literal', () => `${config}`],
    ['an ApiKey inspected alone', () => inspect(config.apiKeys[0], { showHidden: true })],
    ['an ApiKey serialised alone', () => JSON.stringify(config.apiKeys)],
  ])('%s shows no secret', (_how, print) => {
    const text = print();
    expect(text).not.toMatch(/TOPSECRET/);
    expect(text).toMatch(/\*\*\*/);
  });

  it('keeps what is needed to connect and to authenticate', () => {
    expect(config.databaseUrl).toContain('TOPSECRET2');
    expect(config.findApiKey('TOPSECRET1')?.name).toBe('alice');
    expect(JSON.parse(JSON.stringify(config))).toMatchObject({
      databaseUrl: 'postgres://svc:***@db:5432/continuity',
      apiKeys: ['alice:officer:***'],
    });
  });

  it('is immutable', () => {
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
  });
});
