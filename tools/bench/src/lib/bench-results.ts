import type { StoreAppendFigures } from '../../store-append-bench';
import type { ReplayFigures } from '../replay-vs-select';
import type { BenchOptions } from './bench-options';
import type { ProfileSummary } from './cpu-profile';
import type { MachineFacts } from './machine';
import type { ReconcilerDomain } from './service-process';

/** The generated and published backlog. */
export interface FeedFigures {
  messages: number;
  /** Messages per topic, from the broker's high watermarks. */
  byTopic: Record<string, number>;
  generateSeconds: number;
  publishSeconds: number;
  /** Tasks the simulator's ground truth expects (staged cases only). */
  expectedTasks: number;
}

/** Raw kafkajs eachBatch read of what one service reads (its domain topic and the downtime topic). */
export interface RawFigures {
  domain: ReconcilerDomain;
  messages: number;
  domainMessages: number;
  /** Connect to last message (includes the group join). */
  totalMs: number;
  /** First batch to last. */
  readMs: number;
}

/** One reconciler's drain of the backlog. All times from its spawn, ms. */
export interface ServiceFigures {
  domain: ReconcilerDomain;
  domainMessages: number;
  downtimeMessages: number;
  /** Spawn to /health 200 (ts-node, Nest, migrations, consumers joined). */
  bootMs: number;
  /** Spawn to the first consumed message seen. */
  firstReadMs: number;
  /** Spawn to drained: lag 0, outbox empty, no more tasks. */
  drainMs: number;
  /** Task events on the topic from this service: opened (status requested) and cancelled. */
  tasksOpened: number;
  tasksCancelled: number;
  /** The same by rule. */
  byRule?: Array<{ rule: string; opened: number; cancelled: number }>;
  /** From its /metrics when drained (prom-client's default Node.js metrics), bytes; null if unread. */
  heapUsed: number | null;
  heapTotal: number | null;
  external: number | null;
  /** VmHWM when drained, and at the end of the run (after the probes). */
  peakRssAtDrain: number;
  peakRss: number;
}

export interface ProbeFigures {
  samples: number;
  missing: number;
  premature: number;
  p50: number;
  p99: number;
  max: number;
  byDomain: Array<{ domain: ReconcilerDomain; p50: number; p99: number }>;
}

export interface ScoreFigures {
  expected: number;
  found: number;
  falsePositives: number;
}

/** Where the CPU went while the backlog drained (all services healthy → the last drained). */
export interface CpuFigures {
  windowMs: number;
  cores: number;
  byLabel: Array<{ label: string; seconds: number }>;
  /** Busy CPU of the whole machine in the window, ours and everyone else's. */
  machineSeconds: number;
}

/** Everything a run measured; RESULTS.md is made from this alone. */
export interface BenchResults {
  command: string;
  startedAt: string;
  finishedAt: string;
  options: BenchOptions;
  machine: MachineFacts;
  loadBefore: [number, number, number];
  loadAfter: [number, number, number];
  kafka: string;
  feed: FeedFigures;
  raw: RawFigures[];
  services: ServiceFigures[];
  probes: ProbeFigures | null;
  replay: ReplayFigures[];
  append: StoreAppendFigures | null;
  cpu: CpuFigures | null;
  /** Each service's profile over its drain window (first read → drained). */
  profiles: Array<{ domain: ReconcilerDomain; windowMs: number; summary: ProfileSummary }>;
  score: ScoreFigures | null;
  /** Things that went wrong in a phase that did not stop the run. */
  problems: string[];
}
