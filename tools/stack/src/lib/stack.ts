import { CommandRunner, StackError } from './commands';
import { apiKeysVariable, generateDevKeys, type DevKey } from './dev-keys';
import { buildServices, dropDatabase, ensureBroker, ensurePostgres, migrate, mustStartLocalBroker, recreateTopics, stopBroker } from './infrastructure';
import { isPortOpen } from './network';
import { displayPath, serviceLogFile, serviceProcessSpec, serviceUrl, waitHealthy } from './services';
import { SERVICE_NAMES, type ServiceName, type StackOptions } from './stack-options';
import { SupervisedProcess } from './supervised-process';

/** How long a service gets to close its consumers and pools after SIGTERM before SIGKILL. */
export const STOP_GRACE_MS = 15_000;

/** Prints one progress line. */
export type Say = (line: string) => void;

/** The database URL without its password, for messages. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/**
 * Brings up the infrastructure and the four services, and takes down what it started. The
 * simulation and the final banner are the caller's (stack.ts).
 */
export class Stack {
  /** This session's development keys, one per role. */
  readonly keys: DevKey[] = generateDevKeys();
  readonly services = new Map<ServiceName, SupervisedProcess>();
  /** Runs the one-shot commands; interrupted by `down()`. */
  readonly commands: CommandRunner;
  private ownsBroker = false;
  private stopping = false;
  private unexpectedExit: ((name: ServiceName, proc: SupervisedProcess) => void) | null = null;

  constructor(
    readonly options: StackOptions,
    readonly root: string,
    private readonly say: Say,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.commands = new CommandRunner(root, env);
  }

  /** Called when a service exits while the stack is not stopping (a crash). */
  onUnexpectedExit(handler: (name: ServiceName, proc: SupervisedProcess) => void): void {
    this.unexpectedExit = handler;
  }

  /** The officer's key: the one to read and close tasks with. */
  get officerKey(): DevKey {
    const key = this.keys.find((k) => k.role === 'officer');
    if (!key) throw new Error('no officer key generated');
    return key;
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Broker, PostgreSQL, optional fresh start, migrations, then the four services healthy. */
  async up(): Promise<void> {
    const o = this.options;
    await this.checkPortsFree(); // before anything slow: a second stack fails at once
    this.ownsBroker = await mustStartLocalBroker(o.kafkaBrokers);
    await ensureBroker(this.commands, this.root, o.kafkaBrokers, this.ownsBroker, this.say);
    this.checkNotStopping();
    await ensurePostgres(this.commands, o.databaseUrl, this.say);
    this.checkNotStopping();
    if (o.fresh) {
      const why = o.freshByDefault ? ' (a demo starts clean; --no-fresh keeps them)' : '';
      this.say(`fresh: dropping database ${redactUrl(o.databaseUrl)} and recreating the contract topics${why}`);
      await dropDatabase(o.databaseUrl);
      await recreateTopics(o.kafkaBrokers);
      this.checkNotStopping();
    }
    await migrate(this.commands, o.databaseUrl);
    this.say(`db: ${redactUrl(o.databaseUrl)} migrated`);
    this.checkNotStopping();
    const building = Date.now();
    await buildServices(this.commands);
    this.say(`build: services compiled to JavaScript in ${((Date.now() - building) / 1000).toFixed(1)} s`);
    this.checkNotStopping();
    await this.startServices();
  }

  private async checkPortsFree(): Promise<void> {
    for (const name of SERVICE_NAMES) {
      const port = this.options.ports[name];
      if (await isPortOpen('127.0.0.1', port)) {
        throw new StackError(`port ${port} (${name}) is already in use: is another stack running? (set STACK_${name.toUpperCase()}_PORT to use another)`);
      }
    }
  }

  private async startServices(): Promise<void> {
    const o = this.options;
    await this.checkPortsFree(); // again: the start-up took a while
    const apiKeys = apiKeysVariable(this.keys);
    const specs = SERVICE_NAMES.map((name) => serviceProcessSpec(o, name, this.root, this.env, apiKeys));
    const logs = displayPath(this.root, serviceLogFile(o, 'api')).replace(/api\.log$/, '<service>.log');
    this.say(`services: starting ${SERVICE_NAMES.map((n) => `${n} :${o.ports[n]}`).join(', ')} (logs in ${logs})`);
    const started = Date.now();
    const procs = SERVICE_NAMES.map((name, i) => {
      const proc = SupervisedProcess.start(specs[i]);
      this.services.set(name, proc);
      void proc.exited.then(() => {
        if (!this.stopping) this.unexpectedExit?.(name, proc);
      });
      return { name, proc };
    });
    await Promise.all(procs.map(({ name, proc }) => waitHealthy(proc, serviceUrl(o, name), o.healthTimeoutMs, this.root)));
    this.say(`services: all ${SERVICE_NAMES.length} healthy after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  private checkNotStopping(): void {
    if (this.stopping) throw new StackError('interrupted');
  }

  /**
   * Stops what this run started: the services (SIGTERM, then SIGKILL after the grace period), a
   * command still running, and the broker only if this run started it. PostgreSQL is the machine's
   * and is left running. Safe to call more than once.
   */
  async down(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.commands.interrupt();
    const running = [...this.services.entries()].filter(([, p]) => p.running);
    if (running.length > 0) this.say(`stopping ${running.map(([n]) => n).join(', ')}…`);
    const outcomes = await Promise.all(running.map(async ([name, p]) => [name, await p.stop(STOP_GRACE_MS)] as const));
    const killed = outcomes.filter(([, how]) => how === 'killed').map(([n]) => n);
    if (killed.length > 0) this.say(`killed after ${STOP_GRACE_MS / 1000} s: ${killed.join(', ')}`);
    if (this.ownsBroker) {
      this.say('kafka: stopping the broker this run started');
      await stopBroker(this.commands).catch((err: unknown) => this.say(err instanceof Error ? err.message : String(err)));
    }
    this.say(`stack: stopped${this.ownsBroker ? '' : ' (the broker was running before, and is left running)'}; PostgreSQL is left running`);
  }

  /** Last resort when the supervisor exits without `down()` finishing: SIGKILL every child still alive. */
  killAllNow(): void {
    for (const proc of this.services.values()) proc.signal('SIGKILL');
  }
}
