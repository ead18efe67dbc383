import { parseStackOptions, type StackOptions } from './stack-options';

const ROOT = '/repo';

function ok(argv: string[], env: Record<string, string> = {}): StackOptions {
  const r = parseStackOptions(argv, env, ROOT);
  if (!r.ok) throw new Error(r.message);
  return r.options;
}

function error(argv: string[], env: Record<string, string> = {}): string {
  const r = parseStackOptions(argv, env, ROOT);
  if (r.ok) throw new Error('expected a failure');
  return r.message;
}

describe('parseStackOptions', () => {
  it('defaults to the services mode on CONTRACT.md §5 addresses and the apps default ports', () => {
    const o = ok([]);
    expect(o).toMatchObject({
      simulate: false,
      fresh: false,
      kafkaBrokers: ['127.0.0.1:9092'],
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/continuity',
      ports: { api: 3000, prescriptions: 3101, lab: 3102, scheduling: 3103 },
      stateDir: '/repo/tmp/stack',
      simulatorArgs: [],
    });
  });

  it('--simulate starts fresh by default, and says it was by default', () => {
    expect(ok(['--simulate'])).toMatchObject({ simulate: true, fresh: true, freshByDefault: true });
    expect(ok(['--simulate', '--no-fresh'])).toMatchObject({ simulate: true, fresh: false, freshByDefault: false });
    expect(ok(['--fresh'])).toMatchObject({ simulate: false, fresh: true, freshByDefault: false });
  });

  it('passes unknown flags to the simulator in simulate mode only', () => {
    expect(ok(['--simulate', '--seed', '7']).simulatorArgs).toEqual(['--seed', '7']);
    expect(error(['--seed', '7'])).toMatch(/^unknown argument --seed/);
  });

  it('takes ports, directories and timeouts from the environment', () => {
    const o = ok([], {
      STACK_API_PORT: '4000',
      STACK_LAB_PORT: '4002',
      KAFKA_BROKERS: 'a:1, b:2',
      DATABASE_URL: 'postgres://u@h:5/x',
      STACK_DIR: '/tmp/s',
      STACK_HEALTH_TIMEOUT_S: '5',
      STACK_QUIET_S: '0',
    });
    expect(o).toMatchObject({ kafkaBrokers: ['a:1', 'b:2'], databaseUrl: 'postgres://u@h:5/x', stateDir: '/tmp/s', healthTimeoutMs: 5000, quietMs: 0 });
    expect(o.ports).toEqual({ api: 4000, prescriptions: 3101, lab: 4002, scheduling: 3103 });
  });

  it.each([
    [{ STACK_API_PORT: '0' }, /^STACK_API_PORT must be an integer from 1 to 65535/],
    [{ STACK_LAB_PORT: 'x' }, /^STACK_LAB_PORT must be/],
    [{ STACK_API_PORT: '3101' }, /share a port/],
    [{ STACK_DRAIN_TIMEOUT_S: '-1' }, /^STACK_DRAIN_TIMEOUT_S must be/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL is not a URL/],
    [{ DATABASE_URL: 'postgres://h:5432/' }, /names no database/],
  ])('refuses %j', (env, message) => {
    expect(error([], env)).toMatch(message);
  });

  it('answers --help with the usage', () => {
    const r = parseStackOptions(['--help'], {}, ROOT);
    expect(r).toMatchObject({ ok: false, help: true });
  });
});
