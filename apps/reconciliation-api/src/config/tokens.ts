/** The API's migrated, read-write DataSource on its own schema `api`. */
export const API_DATA_SOURCE = Symbol('API_DATA_SOURCE');
/** A read-only DataSource for the reconcilers' schemas (every connection `default_transaction_read_only=on`). */
export const HISTORY_DATA_SOURCE = Symbol('HISTORY_DATA_SOURCE');
/** The Kafka client. */
export const API_MESSAGING = Symbol('API_MESSAGING');
/** {@link ResolvedApiOptions}. */
export const API_OPTIONS = Symbol('API_OPTIONS');
/** {@link ApiSettings}. */
export const API_SETTINGS = Symbol('API_SETTINGS');
