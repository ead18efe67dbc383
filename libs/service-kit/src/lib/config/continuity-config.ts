import { Transform } from 'class-transformer';
import { IsIn, IsInt, Matches, Max, Min, ValidateBy, type ValidationArguments } from 'class-validator';
import { parseApiKeys } from './api-key';

/** pino's levels; `silent` turns logging off (tests). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The environment variables of CONTRACT.md §5 plus the operational ones every service reads. */
export const CONFIG_VARIABLES = ['KAFKA_BROKERS', 'DATABASE_URL', 'PORT', 'API_KEYS', 'LOG_LEVEL', 'INSTANCE_ID'] as const;
export type ConfigVariable = (typeof CONFIG_VARIABLES)[number];

/** Variables whose value must never appear in an error message or a log line. */
export const SECRET_VARIABLES: ReadonlySet<ConfigVariable> = new Set(['API_KEYS', 'DATABASE_URL']);

// host:port, host being a name, an IPv4 or a bracketed IPv6 address.
const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):([1-9][0-9]{0,4})$/;
const INSTANCE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The environment as validated at boot (class-validator), one property per variable, after
 * defaults and parsing. Turned into the injectable {@link AppConfig} by `validateConfig`.
 */
export class ContinuityConfig {
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((b) => b.trim()).filter((b) => b !== '') : value))
  @IsBrokerList()
  KAFKA_BROKERS!: string[];

  @IsPostgresUrl()
  DATABASE_URL!: string;

  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt({ message: 'PORT must be an integer from 0 to 65535 (got "$value")' })
  @Min(0, { message: 'PORT must be an integer from 0 to 65535 (got "$value")' })
  @Max(65535, { message: 'PORT must be an integer from 0 to 65535 (got "$value")' })
  PORT!: number;

  /** Kept raw here: the parsed keys (secrets inside) are built once, by `AppConfig`. */
  @IsApiKeyList()
  API_KEYS!: string;

  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "$value")` })
  LOG_LEVEL!: LogLevel;

  @Matches(INSTANCE_ID, { message: 'INSTANCE_ID must be 1 to 128 characters among letters, digits and . _ : -' })
  INSTANCE_ID!: string;
}

/** A non-empty list of host:port; the message quotes the first bad entry (broker addresses are not secret). */
function IsBrokerList(): PropertyDecorator {
  const firstBad = (value: unknown): string | null => {
    if (!Array.isArray(value) || value.length === 0) return '';
    const bad = value.find((entry) => typeof entry !== 'string' || !HOST_PORT.test(entry));
    return bad === undefined ? null : String(bad);
  };
  return ValidateBy({
    name: 'isBrokerList',
    validator: {
      validate: (value: unknown) => firstBad(value) === null,
      defaultMessage: (args?: ValidationArguments) =>
        `KAFKA_BROKERS must be a comma-separated list of host:port (got "${firstBad(args?.value) ?? ''}")`,
    },
  });
}

/** `postgres://` or `postgresql://` URL with a host and a database name; never echoes the value. */
function IsPostgresUrl(): PropertyDecorator {
  return ValidateBy({
    name: 'isPostgresUrl',
    validator: {
      validate: (value: unknown) => postgresUrlProblem(value) === null,
      defaultMessage: (args?: ValidationArguments) => `DATABASE_URL ${postgresUrlProblem(args?.value) ?? 'is invalid'}`,
    },
  });
}

function postgresUrlProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a URL like postgres://user@host:5432/database';
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return 'must use the postgres:// scheme';
  if (url.hostname === '') return 'must name a host';
  if (url.pathname.length <= 1) return 'must name a database';
  return null;
}

/** `name:role:secret,…` as {@link parseApiKeys} accepts it; the message names the entry, not the secret. */
function IsApiKeyList(): PropertyDecorator {
  return ValidateBy({
    name: 'isApiKeyList',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parseApiKeys(value).ok,
      defaultMessage: (args?: ValidationArguments) => {
        const parsed = typeof args?.value === 'string' ? parseApiKeys(args.value) : null;
        return `API_KEYS ${parsed && !parsed.ok ? parsed.detail : 'must be a string'}`;
      },
    },
  });
}
