import { join } from 'node:path';

/** The four services the stack runs, by the short name used in messages and log files. */
export const SERVICE_NAMES = ['prescriptions', 'lab', 'scheduling', 'api'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** The three reconcilers (one per domain): the services whose consumers must drain. */
export const RECONCILERS = ['prescriptions', 'lab', 'scheduling'] as const satisfies readonly ServiceName[];

/** Where each service's code lives and the port it listens on by default (its app's default). */
export const SERVICE_APPS: Readonly<Record<ServiceName, { app: string; defaultPort: number; portVariable: string }>> = {
  prescriptions: { app: 'prescriptions-reconciler', defaultPort: 3101, portVariable: 'STACK_PRESCRIPTIONS_PORT' },
  lab: { app: 'lab-reconciler', defaultPort: 3102, portVariable: 'STACK_LAB_PORT' },
  scheduling: { app: 'scheduling-reconciler', defaultPort: 3103, portVariable: 'STACK_SCHEDULING_PORT' },
  api: { app: 'reconciliation-api', defaultPort: 3000, portVariable: 'STACK_API_PORT' },
};

/** CONTRACT.md §5 defaults. */
export const DEFAULT_KAFKA_BROKERS = '127.0.0.1:9092';
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/continuity';

/** Everything the supervisor needs, parsed once from its arguments and environment. */
export interface StackOptions {
  /** Run the simulator's default outage once the stack is up (`npm start`). */
  simulate: boolean;
  /** Drop and recreate the database and the contract topics before starting. */
  fresh: boolean;
  /** True when `fresh` comes from `--simulate`'s default rather than an explicit `--fresh`. */
  freshByDefault: boolean;
  kafkaBrokers: string[];
  databaseUrl: string;
  ports: Record<ServiceName, number>;
  /** Logs and the simulation's files: `tmp/stack` under the repository unless STACK_DIR is set. */
  stateDir: string;
  /** LOG_LEVEL passed to the services. */
  logLevel: string;
  healthTimeoutMs: number;
  drainTimeoutMs: number;
  /** How long nothing may change (offsets, outboxes, tasks) before the reconcilers count as drained. */
  quietMs: number;
  /** Extra flags for the simulator's generator (simulate mode only), e.g. `--seed 7`. */
  simulatorArgs: string[];
}

export type StackOptionsResult = { ok: true; options: StackOptions } | { ok: false; help: boolean; message: string };

export const USAGE = `Usage: stack.ts [--simulate] [--fresh | --no-fresh] [simulator flags…]

Starts the Kafka broker and PostgreSQL when needed, migrates, runs the four services and stays up
until Ctrl-C, which stops what it started.

  --simulate   after start-up, publish the simulator's default weekend outage, wait for the
               reconcilers to drain, print the discrepancy summary and the scorer's table
               (npm start). Further flags go to the simulator's generator.
  --fresh      drop and recreate the database and the contract topics first (default with --simulate)
  --no-fresh   keep the existing database and topics

Environment: KAFKA_BROKERS, DATABASE_URL, LOG_LEVEL (passed to the services); STACK_API_PORT,
STACK_PRESCRIPTIONS_PORT, STACK_LAB_PORT, STACK_SCHEDULING_PORT; STACK_DIR (logs, default tmp/stack);
STACK_HEALTH_TIMEOUT_S (default 180), STACK_DRAIN_TIMEOUT_S (default 1800), STACK_QUIET_S (default 5).`;

const DEFAULT_HEALTH_TIMEOUT_S = 180;
// A large simulation on two busy cores can take many minutes to consume; the drain reports progress meanwhile.
const DEFAULT_DRAIN_TIMEOUT_S = 1800;
// Longer than the relay's and the consumers' idle polls, so a quiet stack really is done.
const DEFAULT_QUIET_S = 5;

/** Parses the supervisor's arguments and environment; errors are returned, never thrown. */
export function parseStackOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, root: string): StackOptionsResult {
  let simulate = false;
  let fresh: boolean | undefined;
  const rest: string[] = [];
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') return { ok: false, help: true, message: USAGE };
    else if (arg === '--simulate') simulate = true;
    else if (arg === '--fresh') fresh = true;
    else if (arg === '--no-fresh') fresh = false;
    else rest.push(arg);
  }
  if (!simulate && rest.length > 0) return { ok: false, help: false, message: `unknown argument ${rest[0]} (simulator flags need --simulate)\n\n${USAGE}` };

  const ports = {} as Record<ServiceName, number>;
  for (const name of SERVICE_NAMES) {
    const { portVariable, defaultPort } = SERVICE_APPS[name];
    const port = integerFrom(env, portVariable, defaultPort, 1, 65535);
    if (typeof port === 'string') return { ok: false, help: false, message: port };
    ports[name] = port;
  }
  const taken = new Set(Object.values(ports));
  if (taken.size !== SERVICE_NAMES.length) return { ok: false, help: false, message: `two services would share a port: ${JSON.stringify(ports)}` };

  const timeouts: number[] = [];
  for (const [variable, fallback, min] of [
    ['STACK_HEALTH_TIMEOUT_S', DEFAULT_HEALTH_TIMEOUT_S, 1],
    ['STACK_DRAIN_TIMEOUT_S', DEFAULT_DRAIN_TIMEOUT_S, 1],
    ['STACK_QUIET_S', DEFAULT_QUIET_S, 0],
  ] as const) {
    const value = integerFrom(env, variable, fallback, min, 86_400);
    if (typeof value === 'string') return { ok: false, help: false, message: value };
    timeouts.push(value * 1000);
  }
  const [healthTimeoutMs, drainTimeoutMs, quietMs] = timeouts;

  const kafkaBrokers = (env['KAFKA_BROKERS'] || DEFAULT_KAFKA_BROKERS)
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
  const databaseUrl = env['DATABASE_URL'] || DEFAULT_DATABASE_URL;
  try {
    if (new URL(databaseUrl).pathname.length <= 1) return { ok: false, help: false, message: 'DATABASE_URL names no database' };
  } catch {
    return { ok: false, help: false, message: 'DATABASE_URL is not a URL' };
  }

  return {
    ok: true,
    options: {
      simulate,
      fresh: fresh ?? simulate,
      freshByDefault: fresh === undefined && simulate,
      kafkaBrokers,
      databaseUrl,
      ports,
      stateDir: env['STACK_DIR'] || join(root, 'tmp', 'stack'),
      logLevel: env['LOG_LEVEL'] || 'info',
      healthTimeoutMs,
      drainTimeoutMs,
      quietMs,
      simulatorArgs: rest,
    },
  };
}

/** An integer variable in [min, max], or its default when unset; a message when it is not one. */
function integerFrom(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number, min: number, max: number): number | string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) return `${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`;
  return value;
}
