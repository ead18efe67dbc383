import { quoteSchema } from '@continuity/event-store';

/** The NOTIFY channel that tells relays of a schema that outbox rows are waiting. */
export function outboxChannel(schema: string): string {
  quoteSchema(schema); // validates the name
  return `${schema}_outbox`;
}
