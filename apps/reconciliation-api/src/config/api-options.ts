import { TOPICS, type Domain } from '@continuity/contracts';
import type { Environment, LoggingModuleOptions } from '@continuity/service-kit';
import type { ApiSettings } from './api-settings';

/** Topics the API reads and writes; tests give unique ones. */
export interface ApiTopics {
  /** `reconciliation.tasks.v1`: consumed into the read model; transitions are published back on it. */
  tasks: string;
  /** `continuity.downtime.v1`: declared downtimes and the API's heartbeat. */
  downtime: string;
}

/** Options of {@link ReconciliationApiModule.forRoot}; everything has a production default. */
export interface ReconciliationApiOptions {
  /** Variables to read instead of `process.env` (tests). */
  env?: Environment;
  topics?: Partial<ApiTopics>;
  /** Where each reconciler keeps its store (read-only here); default the domain's name. */
  reconcilerSchemas?: Partial<Record<Domain, string>>;
  /** Consumer group of the task read model; default `continuity-api-tasks`. */
  tasksGroupId?: string;
  logging?: LoggingModuleOptions;
}

/** Options with their defaults applied. */
export interface ResolvedApiOptions {
  topics: ApiTopics;
  reconcilerSchemas: Record<Domain, string>;
  tasksGroupId: string;
}

/** The API's own schema (DESIGN.md: one schema per service; it writes nothing else). */
export const API_SCHEMA = 'api';
/** CloudEvents `source` of what the API itself publishes and stores. */
export const API_SOURCE = 'urn:continuity:api';
/** The three domains, in the order reports and replays list them. */
export const DOMAINS: readonly Domain[] = ['prescriptions', 'lab', 'scheduling'];

/** Options first, then the `API_*_TOPIC` settings, then CONTRACT.md's names. */
export function resolveApiOptions(options: ReconciliationApiOptions, settings: Pick<ApiSettings, 'tasksTopic' | 'downtimeTopic'>): ResolvedApiOptions {
  return {
    topics: {
      tasks: options.topics?.tasks ?? settings.tasksTopic ?? TOPICS.tasks,
      downtime: options.topics?.downtime ?? settings.downtimeTopic ?? TOPICS.downtime,
    },
    reconcilerSchemas: {
      prescriptions: options.reconcilerSchemas?.prescriptions ?? 'prescriptions',
      lab: options.reconcilerSchemas?.lab ?? 'lab',
      scheduling: options.reconcilerSchemas?.scheduling ?? 'scheduling',
    },
    tasksGroupId: options.tasksGroupId ?? 'continuity-api-tasks',
  };
}
