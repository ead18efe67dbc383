import type { MessageHeaders } from '../headers/message-headers';

/** A record as read from Kafka, with its coordinates; bytes are untouched. */
export interface ConsumedMessage {
  topic: string;
  partition: number;
  /** int64 as a decimal string. */
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: MessageHeaders;
}
