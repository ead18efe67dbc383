import { createMessagingClient } from './messaging-client';
import type { MessagingLogger } from './messaging-logger';

describe('createMessagingClient', () => {
  it('creates producers without kafkajs v2 partitioner warning (the partitioner is named)', () => {
    const warnings: string[] = [];
    const logger: MessagingLogger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (message) => void warnings.push(message),
      error: (message) => void warnings.push(message),
    };
    const client = createMessagingClient({ brokers: ['127.0.0.1:1'], clientId: 'spec', logger });
    client.producer({ idempotent: true });
    client.producer({ idempotent: false });
    expect(warnings).toEqual([]);
  });

  it('refuses an empty broker list', () => {
    expect(() => createMessagingClient({ brokers: [], clientId: 'spec' })).toThrow(/broker/);
  });
});
