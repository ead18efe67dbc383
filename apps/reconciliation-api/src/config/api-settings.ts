import type { Environment } from '@continuity/service-kit';

/**
 * The API's own settings, on top of the kit's `AppConfig` (CONTRACT.md §5). Read once, at boot,
 * from the same environment; a bad value stops the start with a message naming the variable.
 */
export interface ApiSettings {
  /** `API_HEARTBEAT_SECONDS`: period of the API's `continuity.source.heartbeat`; 0 turns it off. */
  heartbeatSeconds: number;
  /** `API_RATE_LIMIT_PER_MINUTE`: requests one API key (or one address without a key) may make per minute. */
  rateLimitPerMinute: number;
  /**
   * `API_TASKS_TOPIC` / `API_DOWNTIME_TOPIC`: other names than CONTRACT.md's, for an isolated run
   * (a benchmark, a staging prefix); null means the contract's. Module options win over these.
   */
  tasksTopic: string | null;
  downtimeTopic: string | null;
}

/** The variables {@link parseApiSettings} reads. */
export const API_SETTING_VARIABLES = ['API_HEARTBEAT_SECONDS', 'API_RATE_LIMIT_PER_MINUTE', 'API_TASKS_TOPIC', 'API_DOWNTIME_TOPIC'] as const;

const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

/**
 * DESIGN.md: in production the API publishes a heartbeat once a minute. Simulations of past
 * outages set 0: a present-day heartbeat would push the reconcilers' clocks past the outage.
 */
export const DEFAULT_HEARTBEAT_SECONDS = 60;
/** Ten requests a second, sustained, per key: far above an officer's pace, low enough to stop a script scraping every task. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;

/** Thrown at boot for a bad API setting; the message names the variable. */
export class ApiSettingsError extends Error {
  constructor(detail: string) {
    super(`Invalid configuration: ${detail}`);
    this.name = 'ApiSettingsError';
  }
}

/** Parses the API's variables (unset or blank means default). */
export function parseApiSettings(env: Environment): ApiSettings {
  return {
    heartbeatSeconds: integer(env, 'API_HEARTBEAT_SECONDS', DEFAULT_HEARTBEAT_SECONDS, 0, 86_400),
    rateLimitPerMinute: integer(env, 'API_RATE_LIMIT_PER_MINUTE', DEFAULT_RATE_LIMIT_PER_MINUTE, 1, 1_000_000),
    tasksTopic: topic(env, 'API_TASKS_TOPIC'),
    downtimeTopic: topic(env, 'API_DOWNTIME_TOPIC'),
  };
}

function topic(env: Environment, name: string): string | null {
  const raw = env[name]?.trim() ?? '';
  if (raw === '') return null;
  if (!TOPIC_NAME.test(raw)) throw new ApiSettingsError(`${name} must be a Kafka topic name ([A-Za-z0-9._-], at most 249)`);
  return raw;
}

function integer(env: Environment, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim() ?? '';
  if (raw === '') return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ApiSettingsError(`${name} must be an integer from ${min} to ${max} (got "${raw.slice(0, 20)}")`);
  }
  return value;
}
