import { hostname } from 'node:os';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { parseApiKeys } from './api-key';
import { AppConfig, type ServiceName } from './app-config';
import { CONFIG_VARIABLES, ContinuityConfig, type ConfigVariable } from './continuity-config';

/** What differs between services at boot. */
export interface ConfigOptions {
  service: ServiceName;
  /** PORT when unset: 3000 for the API, 3101/3102/3103 for the reconcilers (the app decides). */
  defaultPort: number;
}

/** The environment to read: `process.env` in production, a literal in tests. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** One rejected variable; `detail` starts with the variable's name and never holds a secret. */
export interface ConfigProblem {
  variable: ConfigVariable;
  detail: string;
}

/** Thrown at boot when a variable is invalid; the message names every bad variable. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`Invalid configuration: ${problems.map((p) => p.detail).join('; ')}`);
    this.name = 'ConfigValidationError';
  }
}

/** CONTRACT.md §5 defaults; PORT and INSTANCE_ID depend on the service and the process. */
export function configDefaults(options: ConfigOptions): Record<ConfigVariable, string> {
  return {
    KAFKA_BROKERS: '127.0.0.1:9092',
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/continuity',
    PORT: String(options.defaultPort),
    API_KEYS: '',
    LOG_LEVEL: 'info',
    INSTANCE_ID: `${hostname()}-${process.pid}`,
  };
}

/**
 * Reads the variables from `env` (unset or empty means default), validates them all and returns
 * the typed config, or throws {@link ConfigValidationError} naming each bad variable.
 */
export function validateConfig(env: Environment, options: ConfigOptions): AppConfig {
  const defaults = configDefaults(options);
  const raw: Record<string, string> = {};
  for (const variable of CONFIG_VARIABLES) {
    const value = env[variable];
    raw[variable] = value === undefined || value.trim() === '' ? defaults[variable] : value.trim();
  }
  const parsed = plainToInstance(ContinuityConfig, raw);
  const errors = validateSync(parsed, { forbidUnknownValues: true, validationError: { target: false, value: false } });
  if (errors.length > 0) throw new ConfigValidationError(errors.map(toProblem));
  const apiKeys = parseApiKeys(parsed.API_KEYS);
  // Validated just above: a failure here is a bug in the validator, not in the input.
  if (!apiKeys.ok) throw new ConfigValidationError([{ variable: 'API_KEYS', detail: `API_KEYS ${apiKeys.detail}` }]);
  return new AppConfig({
    service: options.service,
    kafkaBrokers: parsed.KAFKA_BROKERS,
    databaseUrl: parsed.DATABASE_URL,
    port: parsed.PORT,
    apiKeys: apiKeys.keys,
    logLevel: parsed.LOG_LEVEL,
    instanceId: parsed.INSTANCE_ID,
  });
}

function toProblem(error: ValidationError): ConfigProblem {
  const variable = error.property as ConfigVariable;
  // One message per variable is enough to fix it; the first constraint is the most basic one.
  const detail = Object.values(error.constraints ?? {})[0] ?? `${variable} is invalid`;
  return { variable, detail };
}
