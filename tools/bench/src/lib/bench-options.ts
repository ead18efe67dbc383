import { parseArgs } from 'node:util';
import { SERVICE_NODE_FLAGS } from '@continuity/service-kit/launch';

/** What one bench run measures and at which size, parsed once from argv. */
export interface BenchOptions {
  /** Size of the outage backlog (messages published), for (a), (d) and (e). */
  events: number;
  /** Events appended (and COPYed) in (b). */
  appendEvents: number;
  /** Deadline probes in (e), three tasks each. */
  probes: number;
  /** Heartbeat interval per facility in the generated feed (seconds). */
  heartbeatSeconds: number;
  seed: number;
  /** Outage length (the issue: a 72-hour outage at 38 hospitals). */
  hours: number;
  facilities: number;
  out: string;
  profile: boolean;
  /** Keep the database, broker storage and feed file after the run. */
  keep: boolean;
  quietSeconds: number;
  drainTimeoutSeconds: number;
  database: string;
  /** Extra node flags for the three services (experiments: GC sizing, …). */
  serviceNodeArgs: string[];
  /** Only re-render RESULTS.md from a saved run's results.json (no measurement). */
  render: string | null;
}

export const USAGE = `Continuity benchmark suite (issue 5): npm run bench -- [options]

  --events N             backlog size, messages (1000000)
  --quick                development size: --events 50000 --append-events 20000 --probes 20
  --append-events N      events of the append vs COPY comparison (200000)
  --probes N             deadline probes, three tasks each (100)
  --heartbeat-seconds S  heartbeat interval per facility in the feed (60 at 1,000,000 events,
                         scaled up for smaller runs so heartbeats stay the same share)
  --seed N (1)   --hours H (72)   --facilities N (38)
  --out FILE             results (bench/RESULTS.md at 1,000,000 events, else tmp/bench/RESULTS-<events>.md)
  --no-profile           do not profile the services (node --cpu-prof, 10 ms sampling)
  --keep                 keep the database, broker storage and feed file
  --quiet-s S (10)       a drained service must stay still this long
  --drain-timeout-s S (3600)
  --database NAME        the fresh database, dropped first (continuity_bench)
  --render FILE          write --out from a saved run's figures (e.g. bench/RESULTS.json), measuring nothing
  --service-node-args="A B"  node flags for the services (default: the services' own, SERVICE_NODE_FLAGS; empty for none)

Uses DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432) and starts its own Kafka broker.
`;

/** The backlog: one million events. */
export const FULL_EVENTS = 1_000_000;

function num(v: string | undefined, flag: string, fallback: number, min = 1): number {
  if (v === undefined) return fallback;
  const n = Number(v.replace(/_/g, ''));
  if (v.trim() === '' || !Number.isFinite(n) || n < min) throw new Error(`--${flag}: expected a number >= ${min}, got ${v}`);
  return n;
}

/** Heartbeats every 60 s per facility at the full size; for a smaller run, proportionally fewer. */
export function heartbeatSecondsFor(events: number): number {
  return Math.min(3600, Math.max(60, Math.round((60 * FULL_EVENTS) / events)));
}

/** Parses argv (after the script); `null` means help was asked for. Throws naming a bad flag. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions | null {
  const { values: v } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      events: { type: 'string' },
      quick: { type: 'boolean' },
      'append-events': { type: 'string' },
      probes: { type: 'string' },
      'heartbeat-seconds': { type: 'string' },
      seed: { type: 'string' },
      hours: { type: 'string' },
      facilities: { type: 'string' },
      out: { type: 'string' },
      'no-profile': { type: 'boolean' },
      keep: { type: 'boolean' },
      'quiet-s': { type: 'string' },
      'drain-timeout-s': { type: 'string' },
      database: { type: 'string' },
      'service-node-args': { type: 'string' },
      render: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (v.help) return null;
  const quick = v.quick ?? false;
  const events = num(v.events, 'events', quick ? 50_000 : FULL_EVENTS, 1000);
  const database = v.database ?? 'continuity_bench';
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error('--database: lower case letters, digits and _ only');
  return {
    events,
    appendEvents: num(v['append-events'], 'append-events', quick ? 20_000 : 200_000, 1000),
    probes: num(v.probes, 'probes', quick ? 20 : 100),
    heartbeatSeconds: num(v['heartbeat-seconds'], 'heartbeat-seconds', heartbeatSecondsFor(events)),
    seed: num(v.seed, 'seed', 1, 0),
    hours: num(v.hours, 'hours', 72, 6),
    facilities: num(v.facilities, 'facilities', 38),
    out: v.out ?? (events === FULL_EVENTS ? 'bench/RESULTS.md' : `tmp/bench/RESULTS-${events}.md`),
    profile: !(v['no-profile'] ?? false),
    keep: v.keep ?? false,
    quietSeconds: num(v['quiet-s'], 'quiet-s', 10),
    drainTimeoutSeconds: num(v['drain-timeout-s'], 'drain-timeout-s', 3600),
    database,
    // The services' own flags unless told otherwise (`--service-node-args=` runs them without).
    serviceNodeArgs: v['service-node-args'] === undefined ? [...SERVICE_NODE_FLAGS] : v['service-node-args'].split(/\s+/).filter((a) => a.length > 0),
    render: v.render ?? null,
  };
}
