import { inspect } from 'node:util';
import type { ApiKey } from './api-key';
import type { LogLevel } from './continuity-config';

/** The four Continuity services that boot on the kit. */
export const SERVICE_NAMES = ['prescriptions', 'lab', 'scheduling', 'api'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Plain values an {@link AppConfig} is made of. */
export interface AppConfigValues {
  service: ServiceName;
  kafkaBrokers: readonly string[];
  databaseUrl: string;
  port: number;
  apiKeys: readonly ApiKey[];
  logLevel: LogLevel;
  instanceId: string;
}

/**
 * The validated configuration of one service, injectable everywhere (`constructor(cfg: AppConfig)`).
 * Nothing else reads `process.env`. Printing it (JSON, inspect, toString, pino) masks the
 * database password and the API key secrets.
 */
export class AppConfig implements AppConfigValues {
  readonly service: ServiceName;
  readonly kafkaBrokers: readonly string[];
  readonly databaseUrl: string;
  readonly port: number;
  readonly apiKeys: readonly ApiKey[];
  readonly logLevel: LogLevel;
  readonly instanceId: string;

  constructor(values: AppConfigValues) {
    this.service = values.service;
    this.kafkaBrokers = Object.freeze([...values.kafkaBrokers]);
    this.databaseUrl = values.databaseUrl;
    this.port = values.port;
    this.apiKeys = Object.freeze([...values.apiKeys]);
    this.logLevel = values.logLevel;
    this.instanceId = values.instanceId;
    Object.freeze(this);
  }

  /** The key whose secret is `bearerToken`, if any (constant-time per key). */
  findApiKey(bearerToken: string): ApiKey | undefined {
    return this.apiKeys.find((key) => key.matches(bearerToken));
  }

  toJSON(): Record<string, unknown> {
    return {
      service: this.service,
      kafkaBrokers: this.kafkaBrokers,
      databaseUrl: maskUrlPassword(this.databaseUrl),
      port: this.port,
      apiKeys: this.apiKeys.map((k) => k.toString()),
      logLevel: this.logLevel,
      instanceId: this.instanceId,
    };
  }

  toString(): string {
    return `AppConfig ${JSON.stringify(this)}`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`; unchanged without a password. */
export function maskUrlPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return '***';
  }
}
