import { parseArgs } from 'node:util';
import { TOPICS } from '@continuity/contracts';
import type { SimulationOptions } from '../lib/simulation';
import { parseInstant } from '../lib/time';

/** What the CLI was asked to do, parsed once (no flag is read anywhere else). */
export type Command =
  | { kind: 'help' }
  | {
      kind: 'generate';
      sim: Partial<SimulationOptions>;
      /** `--events`: size the run to about this many messages (overrides patients per facility). */
      eventsTarget: number | null;
      out: string | null;
      publish: boolean;
      brokers: string[];
      rate: number;
      batch: number;
      topicSuffix: string;
      progress: boolean;
    }
  | { kind: 'dry-run'; sim: Partial<SimulationOptions>; eventsTarget: number | null; tickOnEvents: boolean; json: boolean; progress: boolean }
  | { kind: 'publish'; input: string; brokers: string[]; rate: number; batch: number; topicSuffix: string; progress: boolean }
  | {
      kind: 'score';
      groundTruth: string;
      source: { kind: 'kafka'; brokers: string[]; topic: string; timeoutMs: number } | { kind: 'api'; url: string; apiKey: string; pageSize: number };
      json: boolean;
      progress: boolean;
    };

/** Environment the CLI may fall back on (read once by main). */
export interface CliEnv {
  KAFKA_BROKERS?: string;
  SIMULATOR_API_KEY?: string;
}

export const USAGE = `Continuity outage simulator

  main.ts [generate] [options]    generate a degraded period: --out DIR writes events.ndjson and
                                  ground-truth.json; --publish sends it to Kafka
  main.ts dry-run [options]       generate and run it through the rule sets in process; print the score
  main.ts publish --in FILE       publish an events.ndjson to Kafka
  main.ts score --ground-truth FILE [--api URL --api-key KEY]
                                  read the tasks (Kafka topic by default, or the API) and score them

generation:
  --seed N                 (1)        --facilities N (1-38, 38)   --patients-per-facility N (300)
  --events N               size the run to about N messages (instead of --patients-per-facility)
  --start ISO              outage start T0 (2024-08-03T06:00:00Z)   --hours H  outage length (48)
  --lead-hours H (24)      --tail-hours H (54, past T1 + 48 h)      --backlog-hours H (8)
  --inject N               per injected case, ~1 per rule (5)      --near-misses N per kind (5)
  --duplicates-pct P (2)   --malformed-pct P (0.1)                 --heartbeat-seconds S (60)
publishing:
  --brokers a:9092,b:9092  (KAFKA_BROKERS, else 127.0.0.1:9092)    --rate N messages/s (as fast as possible)
  --batch N (1000)         --topic-suffix S (tests: publish to <topic>S)
scoring:
  --topic T (${TOPICS.tasks})   --timeout-ms N (120000)   --api URL   --api-key KEY (SIMULATOR_API_KEY)
  --page-size N (500)      --json
  --no-progress            no progress bars on stderr
`;

const OPTIONS = {
  seed: { type: 'string' },
  facilities: { type: 'string' },
  'patients-per-facility': { type: 'string' },
  events: { type: 'string' },
  start: { type: 'string' },
  hours: { type: 'string' },
  'lead-hours': { type: 'string' },
  'tail-hours': { type: 'string' },
  'backlog-hours': { type: 'string' },
  inject: { type: 'string' },
  'near-misses': { type: 'string' },
  'duplicates-pct': { type: 'string' },
  'malformed-pct': { type: 'string' },
  'heartbeat-seconds': { type: 'string' },
  out: { type: 'string' },
  publish: { type: 'boolean' },
  brokers: { type: 'string' },
  rate: { type: 'string' },
  batch: { type: 'string' },
  'topic-suffix': { type: 'string' },
  in: { type: 'string' },
  'ground-truth': { type: 'string' },
  topic: { type: 'string' },
  'timeout-ms': { type: 'string' },
  api: { type: 'string' },
  'api-key': { type: 'string' },
  'page-size': { type: 'string' },
  'tick-on-events': { type: 'boolean' },
  json: { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const COMMANDS = new Set(['generate', 'dry-run', 'publish', 'score', 'help']);

function num(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new Error(`--${flag}: not a number: ${v}`);
  return n;
}

function brokersOf(flag: string | undefined, env: CliEnv): string[] {
  const list = (flag ?? env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()).filter((b) => b.length > 0);
  if (list.length === 0) throw new Error('--brokers: at least one broker');
  return list;
}

/** Parses argv (without node and the script) into a command; throws an Error naming the bad flag. */
export function parseCommand(argv: readonly string[], env: CliEnv = {}): Command {
  const [first, ...rest] = argv;
  const command = first !== undefined && COMMANDS.has(first) ? first : 'generate';
  const args = first !== undefined && COMMANDS.has(first) ? rest : [...argv];
  const { values: v } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false });
  if (v.help || command === 'help') return { kind: 'help' };
  const progress = !v['no-progress'];

  const sim: Partial<SimulationOptions> = {};
  const set = <K extends keyof SimulationOptions>(key: K, value: SimulationOptions[K] | undefined) => {
    if (value !== undefined) sim[key] = value;
  };
  set('seed', num(v.seed, 'seed'));
  set('facilities', num(v.facilities, 'facilities'));
  set('patientsPerFacility', num(v['patients-per-facility'], 'patients-per-facility'));
  if (v.start !== undefined) sim.t0 = parseInstant(v.start, '--start');
  set('hours', num(v.hours, 'hours'));
  set('leadHours', num(v['lead-hours'], 'lead-hours'));
  set('tailHours', num(v['tail-hours'], 'tail-hours'));
  set('backlogHours', num(v['backlog-hours'], 'backlog-hours'));
  set('injectPerRule', num(v.inject, 'inject'));
  set('nearMissesPerCase', num(v['near-misses'], 'near-misses'));
  set('duplicatesPct', num(v['duplicates-pct'], 'duplicates-pct'));
  set('malformedPct', num(v['malformed-pct'], 'malformed-pct'));
  set('heartbeatSeconds', num(v['heartbeat-seconds'], 'heartbeat-seconds'));
  const eventsTarget = num(v.events, 'events') ?? null;
  if (eventsTarget !== null && v['patients-per-facility'] !== undefined) {
    throw new Error('--events and --patients-per-facility: give one or the other');
  }
  if (eventsTarget !== null && !(eventsTarget > 0)) throw new Error('--events: a positive number');
  const rate = num(v.rate, 'rate') ?? 0;
  if (rate < 0) throw new Error('--rate: not negative');
  const batch = num(v.batch, 'batch') ?? 1000;
  if (!(Number.isInteger(batch) && batch >= 1)) throw new Error('--batch: a positive integer');
  const topicSuffix = v['topic-suffix'] ?? '';

  switch (command) {
    case 'generate':
      if (!v.out && !v.publish) throw new Error('generate: give --out DIR, --publish, or both');
      return { kind: 'generate', sim, eventsTarget, out: v.out ?? null, publish: v.publish ?? false, brokers: brokersOf(v.brokers, env), rate, batch, topicSuffix, progress };
    case 'dry-run':
      return { kind: 'dry-run', sim, eventsTarget, tickOnEvents: v['tick-on-events'] ?? false, json: v.json ?? false, progress };
    case 'publish':
      if (!v.in) throw new Error('publish: --in FILE is required');
      return { kind: 'publish', input: v.in, brokers: brokersOf(v.brokers, env), rate, batch, topicSuffix, progress };
    case 'score': {
      if (!v['ground-truth']) throw new Error('score: --ground-truth FILE is required');
      const json = v.json ?? false;
      if (v.api !== undefined) {
        const apiKey = v['api-key'] ?? env.SIMULATOR_API_KEY;
        if (!apiKey) throw new Error('score: --api needs --api-key (or SIMULATOR_API_KEY)');
        return { kind: 'score', groundTruth: v['ground-truth'], source: { kind: 'api', url: v.api, apiKey, pageSize: num(v['page-size'], 'page-size') ?? 500 }, json, progress };
      }
      return {
        kind: 'score',
        groundTruth: v['ground-truth'],
        source: { kind: 'kafka', brokers: brokersOf(v.brokers, env), topic: v.topic ?? TOPICS.tasks, timeoutMs: num(v['timeout-ms'], 'timeout-ms') ?? 120_000 },
        json,
        progress,
      };
    }
    default:
      return { kind: 'help' };
  }
}
