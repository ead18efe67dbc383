import { CompressionTypes, type Message, type Producer as KafkaProducer } from 'kafkajs';
import type { MessageHeaders } from '../headers/message-headers';

/** A record to publish. The key picks the partition (murmur2, as Java producers do) unless `partition` is set. */
export interface OutgoingMessage {
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: MessageHeaders;
  partition?: number;
}

/** Messages for one topic, for {@link Producer.sendBatch}. */
export interface TopicMessages {
  topic: string;
  messages: OutgoingMessage[];
}

/** Our producer surface; kafkajs stays behind it. Every send waits for all in-sync replicas (acks = -1). */
export interface Producer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  send(topic: string, messages: OutgoingMessage[]): Promise<void>;
  /** One request per broker for several topics; order is kept within each partition. */
  sendBatch(batches: TopicMessages[]): Promise<void>;
}

export type Compression = 'none' | 'gzip';

function toKafkaMessage(message: OutgoingMessage): Message {
  return {
    key: message.key,
    value: message.value,
    headers: message.headers,
    partition: message.partition,
  };
}

/** Wraps a kafkajs producer. */
export class KafkaJsProducer implements Producer {
  constructor(
    private readonly producer: KafkaProducer,
    private readonly compression: Compression = 'none',
  ) {}

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  async send(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.producer.send({ topic, messages: messages.map(toKafkaMessage), acks: -1, compression: this.codec() });
  }

  async sendBatch(batches: TopicMessages[]): Promise<void> {
    const topicMessages = batches
      .filter((b) => b.messages.length > 0)
      .map((b) => ({ topic: b.topic, messages: b.messages.map(toKafkaMessage) }));
    if (topicMessages.length === 0) return;
    await this.producer.sendBatch({ topicMessages, acks: -1, compression: this.codec() });
  }

  private codec(): CompressionTypes {
    return this.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
  }
}
