import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { compiledMainOf, serviceLaunchArgs } from '@continuity/service-kit/launch';
import { StackError } from './commands';
import { httpStatus } from './network';
import { SERVICE_APPS, type ServiceName, type StackOptions } from './stack-options';
import { SupervisedProcess, type ProcessSpec } from './supervised-process';

/** Log lines quoted when a service fails to start (its JSON log lines say why). */
const LOG_TAIL_LINES = 15;
const HEALTH_POLL_MS = 500;
const HEALTH_REQUEST_TIMEOUT_MS = 3000;

/** `http://127.0.0.1:<port>` of a service. */
export function serviceUrl(options: StackOptions, name: ServiceName): string {
  return `http://127.0.0.1:${options.ports[name]}`;
}

/** The file a service's stdout and stderr go to. */
export function serviceLogFile(options: StackOptions, name: ServiceName): string {
  return join(options.stateDir, 'logs', `${name}.log`);
}

/**
 * The INSTANCE_ID a service of this supervisor runs with: known in advance, so the drain check
 * can find the per-instance consumer group of the downtime topic in the service's schema.
 */
export function instanceIdOf(name: ServiceName, supervisorPid: number = process.pid): string {
  return `stack-${supervisorPid}-${name}`;
}

/** How to run one service: its app compiled by `npm run build` (see `buildServices`), configured through CONTRACT.md §5 variables. */
export function serviceProcessSpec(options: StackOptions, name: ServiceName, root: string, env: NodeJS.ProcessEnv, apiKeys: string): ProcessSpec {
  const main = compiledMainOf(root, SERVICE_APPS[name].app);
  if (!existsSync(main)) throw new StackError(`${name}: ${relative(root, main)} not found (npm run build compiles it)`);
  return {
    name,
    command: process.execPath,
    args: serviceLaunchArgs(root, SERVICE_APPS[name].app),
    cwd: root,
    logFile: serviceLogFile(options, name),
    env: {
      ...env,
      KAFKA_BROKERS: options.kafkaBrokers.join(','),
      DATABASE_URL: options.databaseUrl,
      PORT: String(options.ports[name]),
      LOG_LEVEL: options.logLevel,
      INSTANCE_ID: instanceIdOf(name),
      // Only the API authenticates callers; the reconcilers serve health and metrics only.
      API_KEYS: name === 'api' ? apiKeys : '',
      // A simulated outage lies in the past: the API's wall-clock heartbeat would move every
      // reconciler's clock past the deadlines before the back-entries arrive.
      ...(name === 'api' && options.simulate ? { API_HEARTBEAT_SECONDS: '0' } : {}),
    },
  };
}

/**
 * Waits until the service's `GET /health` answers 200. Fails early, quoting its log, when the
 * process exits first; fails after `timeoutMs` pointing at the log file.
 */
export async function waitHealthy(proc: SupervisedProcess, url: string, timeoutMs: number, root: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const log = displayPath(root, proc.spec.logFile);
  let last: number | null = null;
  for (;;) {
    if (!proc.running) {
      const exit = proc.exitStatus;
      const how = exit?.signal ? `was killed by ${exit.signal}` : `exited with code ${exit?.code ?? '?'}`;
      throw new StackError(`${proc.spec.name} ${how} before answering ${url}/health; see ${log}:\n${tail(proc.spec.logFile)}`);
    }
    last = await httpStatus(`${url}/health`, HEALTH_REQUEST_TIMEOUT_MS);
    if (last === 200) return;
    if (Date.now() >= deadline) break;
    await Promise.race([proc.exited, new Promise((resolve) => setTimeout(resolve, HEALTH_POLL_MS))]);
  }
  const answer = last === null ? 'no answer' : `last answer ${last}`;
  throw new StackError(`${proc.spec.name}: ${url}/health did not answer 200 within ${Math.round(timeoutMs / 1000)} s (${answer}); see ${log}`);
}

/** A path relative to the repository when inside it, else absolute. */
export function displayPath(root: string, path: string): string {
  const rel = relative(root, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** The last lines of a log file, indented, for an error message. */
export function tail(file: string, lines = LOG_TAIL_LINES): string {
  try {
    return readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .map((l) => `  ${l}`)
      .join('\n');
  } catch {
    return '  (no log)';
  }
}
