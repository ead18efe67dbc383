/**
 * A service schema name. Kept to lower-case SQL identifiers so it can be spliced into DDL and
 * queries without quoting surprises (schemas come from code, never from users).
 */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Throws unless `schema` is a plain lower-case identifier; returns it double-quoted. */
export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid schema name ${JSON.stringify(schema)}: expected ${SCHEMA_NAME}`);
  }
  return `"${schema}"`;
}

/** Qualified, quoted names of the event-store tables of one service schema, for raw SQL. */
export interface EventStoreTables {
  schema: string;
  events: string;
  rejectedMessages: string;
  consumerOffsets: string;
  outbox: string;
}

/** The tables `eventStoreMigrations(schema)` creates, qualified for use in SQL. */
export function eventStoreTables(schema: string): EventStoreTables {
  const s = quoteSchema(schema);
  return {
    schema: s,
    events: `${s}.events`,
    rejectedMessages: `${s}.rejected_messages`,
    consumerOffsets: `${s}.consumer_offsets`,
    outbox: `${s}.outbox`,
  };
}
