/**
 * @continuity/service-kit: what every Continuity NestJS service shares — validated config,
 * pino logging, Prometheus metrics, health, problem+json errors and the bootstrap.
 */
export * from './lib/config';
export * from './lib/logging';
export * from './lib/metrics';
export * from './lib/health';
export * from './lib/problem';
export * from './lib/bootstrap';
