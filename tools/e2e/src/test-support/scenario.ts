import { TOPICS, type Domain } from '@continuity/contracts';
// The simulator is a tool, not a lib (no alias; tools may not depend on tools), so its generator,
// dry run, publisher and scorer are imported from its sources: the e2e tier tests with exactly them.
// eslint-disable-next-line @nx/enforce-module-boundaries -- the simulator is a tool, not a lib (see scenario.ts)
import { ALL_CASES } from '../../../simulator/src/lib/cases';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the simulator is a tool, not a lib (see scenario.ts)
import { dryRun, type DryRunResult } from '../../../simulator/src/lib/dry-run';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the simulator is a tool, not a lib (see scenario.ts)
import { RULE_CODES, type ExpectedTask, type GroundTruth } from '../../../simulator/src/lib/ground-truth';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the simulator is a tool, not a lib (see scenario.ts)
import type { FeedMessage } from '../../../simulator/src/lib/sim-event';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the simulator is a tool, not a lib (see scenario.ts)
import { Simulation, type SimulationOptions } from '../../../simulator/src/lib/simulation';

export { ALL_CASES, RULE_CODES };
export type { ExpectedTask, FeedMessage, GroundTruth, SimulationOptions };

/**
 * A small outage for the e2e tier: three facilities, two injected cases per rule, one near-miss
 * per near-miss case, a few hundred clean patients, 1 % malformed and 3 % transport duplicates.
 * A 12 h outage (the shortest span with room for every case) and a heartbeat every 15 min keep the
 * feed near 4,600 messages, so the three reconcilers drain it in seconds on two cores.
 */
export const SMALL_OUTAGE: Partial<SimulationOptions> = {
  seed: 20240803,
  facilities: 3,
  patientsPerFacility: 100,
  injectPerRule: 2,
  nearMissesPerCase: 1,
  hours: 12,
  leadHours: 13,
  tailHours: 49,
  heartbeatSeconds: 900,
  duplicatesPct: 3,
  malformedPct: 1,
};

/** A generated outage, materialised: the feed in publication order and what it must yield. */
export interface Scenario {
  options: SimulationOptions;
  messages: FeedMessage[];
  truth: GroundTruth;
  /**
   * Task ids the strictest clock (a tick after every event and every heartbeat) opens and later
   * cancels: a reconciler ticking at a chunk boundary may show them, so they may end `cancelled`.
   */
  transientTaskIds: ReadonlySet<string>;
  /** The pure engines over the feed, ticking at heartbeats only (the scenario's own check). */
  dryRun: DryRunResult;
}

/** Generates a scenario (pure and seeded: the same options give the same bytes). */
export function buildScenario(options: Partial<SimulationOptions> = SMALL_OUTAGE): Scenario {
  const sim = new Simulation(options);
  const messages = [...sim.messages()];
  if (sim.outOfOrder > 0) throw new Error(`simulator: ${sim.outOfOrder} messages out of recorded-time order`);
  const strict = dryRun(messages, { tickOnEvents: true });
  const transientTaskIds = new Set(strict.log.tasks().filter((t) => t.status === 'cancelled').map((t) => t.id));
  return { options: sim.options, messages, truth: sim.groundTruth(), transientTaskIds, dryRun: dryRun(messages) };
}

/** The contract topic of each domain's feed. */
export const DOMAIN_TOPIC: Readonly<Record<Domain, string>> = { prescriptions: TOPICS.prescriptions, lab: TOPICS.lab, scheduling: TOPICS.scheduling };

/** The messages one domain's reconciler reads: its domain topic and the downtime topic. */
export function feedOf(messages: readonly FeedMessage[], domain: Domain): FeedMessage[] {
  return messages.filter((m) => m.topic === DOMAIN_TOPIC[domain] || m.topic === TOPICS.downtime);
}

/** The rules of a domain are those whose code starts with its prefix. */
export const RULE_PREFIX: Readonly<Record<Domain, string>> = { prescriptions: 'rx-', lab: 'lab-', scheduling: 'sched-' };

/** Expected tasks of one domain. */
export function expectedOf(truth: GroundTruth, domain: Domain): ExpectedTask[] {
  return truth.tasks.filter((t) => t.rule.startsWith(RULE_PREFIX[domain]));
}

/** How many messages of each kind the feed holds on a contract topic. */
export function countKinds(messages: readonly FeedMessage[], contractTopic: string): Record<FeedMessage['kind'], number> {
  const counts: Record<FeedMessage['kind'], number> = { event: 0, duplicate: 0, malformed: 0, heartbeat: 0, downtime: 0 };
  for (const m of messages) if (m.topic === contractTopic) counts[m.kind]++;
  return counts;
}
