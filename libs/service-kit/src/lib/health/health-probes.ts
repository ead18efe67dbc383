/**
 * Readiness of the message broker, implemented by the app (with its kafkajs admin, say) so the
 * kit does not depend on kafkajs. Resolve `false` or reject when not ready.
 */
export interface BrokerHealthProbe {
  check(): Promise<boolean>;
}

/** Readiness of PostgreSQL: resolves when a trivial query succeeded. */
export interface DatabasePing {
  ping(): Promise<void>;
}

/** Injection token of the app's {@link BrokerHealthProbe}. */
export const BROKER_HEALTH_PROBE = Symbol('BROKER_HEALTH_PROBE');

/** Injection token of the {@link DatabasePing} the health check uses. */
export const DATABASE_PING = Symbol('DATABASE_PING');

/** Injection token of the resolved health options. */
export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');
