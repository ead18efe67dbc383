/**
 * Throughput of `parseMessage` on one core: a mix of every §3 type, structured and binary mode,
 * plus one line per type. Prints figures only; asserts nothing.
 * Run: npx ts-node --transpile-only -r tsconfig-paths/register tools/bench/parse-bench.ts [events]
 */
import {
  FIXTURE_FACTORIES,
  cloudEventHeaders,
  encodeBinaryCloudEvent,
  encodeCloudEvent,
  parseMessage,
  EVENT_TYPE_SPECS,
  type EventType,
  type IncomingMessage,
} from '@continuity/contracts';

const total = Number(process.argv[2] ?? 200_000);
const types = Object.keys(FIXTURE_FACTORIES) as EventType[];

function messages(count: number, pick: (i: number) => EventType, binary: boolean): IncomingMessage[] {
  const out: IncomingMessage[] = [];
  for (let i = 0; i < count; i++) {
    const type = pick(i);
    const input = FIXTURE_FACTORIES[type]({ id: `bench-${i}`, patientKey: `PAT-${i % 5000}` });
    const { topic, dataContentType } = EVENT_TYPE_SPECS[type];
    if (binary) {
      const { headers, value } = encodeBinaryCloudEvent(input, dataContentType);
      out.push({ topic, key: null, value, headers });
    } else {
      out.push({ topic, key: null, value: encodeCloudEvent(input), headers: cloudEventHeaders() });
    }
  }
  return out;
}

function run(label: string, batch: IncomingMessage[]): void {
  for (let i = 0; i < Math.min(batch.length, 20_000); i++) parseMessage(batch[i]); // warm-up
  // CPU time of this process, not wall time: the machine is shared, so the wall clock would
  // mostly measure the neighbours.
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  let accepted = 0;
  for (const m of batch) if (parseMessage(m).ok) accepted++;
  const used = process.cpuUsage(cpu);
  const seconds = (used.user + used.system) / 1e6;
  const wallSeconds = Number(process.hrtime.bigint() - wall) / 1e9;
  if (accepted !== batch.length) throw new Error(`${label}: ${batch.length - accepted} rejected`);
  const bytes = batch.reduce((n, m) => n + (m.value?.length ?? 0), 0) / batch.length;
  const perSecond = (s: number) => Math.round(batch.length / s).toString().padStart(8);
  console.log(`${label.padEnd(44)} ${perSecond(seconds)} events/cpu-s ${perSecond(wallSeconds)} events/wall-s  (${batch.length} events, ${Math.round(bytes)} B avg)`);
}

console.log(`parseMessage throughput, node ${process.version}, one core`);
run('mix of all types, structured', messages(total, (i) => types[i % types.length], false));
run('mix of all types, binary', messages(total, (i) => types[i % types.length], true));
for (const type of types) run(`  ${type}`, messages(Math.max(20_000, Math.floor(total / 10)), () => type, false));
