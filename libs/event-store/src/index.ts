export * from './lib/event.types';
export * from './lib/concurrency.error';
export * from './lib/event-store';
export * from './lib/data-source';
export { eventStoreMigrations, ALLOW_TAMPER_SETTING } from './lib/migrations/event-store.migration';
export { eventStoreTables, quoteSchema } from './lib/schema-name';
export type { EventStoreTables } from './lib/schema-name';
export type { Db } from './lib/db-handle';
export { canonicalJson } from './lib/canonical-json';
