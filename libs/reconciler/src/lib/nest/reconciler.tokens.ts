/** The service's TypeORM DataSource (migrated, initialized). */
export const RECONCILER_DATA_SOURCE = Symbol('RECONCILER_DATA_SOURCE');
/** The MessagingClient of the service. */
export const RECONCILER_MESSAGING = Symbol('RECONCILER_MESSAGING');
/** The domain's rule set and name. */
export const RECONCILER_DOMAIN = Symbol('RECONCILER_DOMAIN');
