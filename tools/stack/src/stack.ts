/**
 * `npm start` / `npm run services`: runs the whole of Continuity on this machine.
 *
 * Starts the Kafka broker and PostgreSQL when needed, migrates, runs the four services (their logs
 * in tmp/stack/logs), and stays up until Ctrl-C, which stops what it started. With `--simulate`
 * (npm start) it first publishes the simulator's default weekend outage, waits for the reconcilers
 * to drain and prints the discrepancy summary and the scorer's table.
 *
 * CLI: `ts-node --transpile-only -r tsconfig-paths/register tools/stack/src/stack.ts [--simulate]
 * [--fresh | --no-fresh] [simulator flags…]` (see USAGE in lib/stack-options.ts).
 */
// The contracts' DTOs use decorator metadata, which needs this polyfill loaded first.
import 'reflect-metadata';
import { resolve } from 'node:path';
import { StackError } from './lib/commands';
import { runSimulation } from './lib/simulation';
import { displayPath, serviceUrl } from './lib/services';
import { Stack, type Say } from './lib/stack';
import { parseStackOptions, SERVICE_NAMES } from './lib/stack-options';

const ROOT = resolve(__dirname, '../../..');

const say: Say = (line) => console.log(line);

function banner(stack: Stack): string {
  const o = stack.options;
  const officer = stack.officerKey;
  const api = serviceUrl(o, 'api');
  return [
    '',
    `Continuity is running. API: ${api}  (OpenAPI at ${api}/docs)`,
    `  development key (officer): ${officer.secret}`,
    ...stack.keys.filter((k) => k !== officer).map((k) => `  development key (${k.role}):${' '.repeat(Math.max(1, 8 - k.role.length))}${k.secret}`),
    `  try: curl -H 'Authorization: Bearer ${officer.secret}' '${api}/fhir/Task?status=requested&_count=5'`,
    `  reconcilers: ${SERVICE_NAMES.filter((n) => n !== 'api')
      .map((n) => `${n} ${serviceUrl(o, n)}/metrics`)
      .join(', ')}`,
    `  Kafka ${o.kafkaBrokers.join(',')}, ready for real feeds on the contract topics; logs in ${displayPath(ROOT, o.stateDir)}/logs`,
    'Ctrl-C to stop.',
  ].join('\n');
}

async function main(): Promise<number> {
  const parsed = parseStackOptions(process.argv.slice(2), process.env, ROOT);
  if (!parsed.ok) {
    (parsed.help ? console.log : console.error)(parsed.message);
    return parsed.help ? 0 : 2;
  }
  const stack = new Stack(parsed.options, ROOT, say, process.env);
  const t0 = Date.now();

  // Resolves with the exit code once the stack has been taken down, whatever the reason.
  let finish!: (code: number) => void;
  const finished = new Promise<number>((r) => (finish = r));
  const shutdown = (reason: string, code: number) => {
    if (stack.isStopping) return;
    say(reason);
    void stack.down().then(
      () => finish(code),
      () => finish(code === 0 ? 1 : code),
    );
  };
  process.on('SIGINT', () => shutdown('\nstack: Ctrl-C received', 0));
  process.on('SIGTERM', () => shutdown('stack: SIGTERM received', 0));
  process.on('exit', () => stack.killAllNow());
  stack.onUnexpectedExit((name, proc) => {
    const exit = proc.exitStatus;
    const how = exit?.signal ? `was killed by ${exit.signal}` : `exited with code ${exit?.code}`;
    shutdown(`stack: ${name} ${how}; see ${displayPath(ROOT, proc.spec.logFile)}. Stopping the rest.`, 1);
  });

  try {
    say(`stack: ${parsed.options.simulate ? 'start with a simulated outage' : 'services'} (Ctrl-C stops everything it started)`);
    await stack.up();
    if (parsed.options.simulate && !stack.isStopping) await runSimulation(stack, say, t0);
    if (!stack.isStopping) say(banner(stack));
  } catch (err) {
    if (!stack.isStopping) {
      const message = err instanceof StackError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
      shutdown(`stack: ${message}`, 1);
    }
  }
  return finished;
}

main().then((code) => process.exit(code));
