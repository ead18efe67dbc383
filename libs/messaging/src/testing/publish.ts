import type { MessagingClient } from '../lib/client/messaging-client';
import type { OutgoingMessage } from '../lib/client/producer';
import { publicationBatches } from './dataset';

/** Publishes messages in order with an idempotent producer (so a retry cannot add a copy the test did not plan). */
export async function publish(client: MessagingClient, topic: string, messages: readonly OutgoingMessage[], perSend = 500): Promise<void> {
  const producer = client.producer({ idempotent: true });
  await producer.connect();
  try {
    for (const batch of publicationBatches(messages, perSend)) await producer.send(topic, batch);
  } finally {
    await producer.disconnect();
  }
}
