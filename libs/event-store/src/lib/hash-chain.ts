import { createHash } from 'node:crypto';
import type { KafkaCoordinates } from './event.types';

/** Version tag of the hashed content layout; a new layout gets a new number. */
const CONTENT_LAYOUT = 1;

/** What stands before the first row's content: 32 zero bytes (the first row's prev_hash is null). */
const GENESIS = Buffer.alloc(32);

/** The fields of a row that the chain protects. JSON fields are given already canonical. */
export interface ChainedContent {
  position: string;
  streamId: string;
  streamVersion: number;
  source: string;
  eventId: string;
  type: string;
  clinicalTime: Date | null;
  recordedTime: Date | null;
  ingestedAt: Date;
  kafka: KafkaCoordinates | null;
  /** canonicalJson(data) */
  dataJson: string;
  /** canonicalJson(metadata) */
  metadataJson: string;
  tags: readonly string[];
}

/** The canonical string of a row's content: a JSON array in a fixed field order. */
export function contentString(c: ChainedContent): string {
  const q = JSON.stringify;
  const time = (d: Date | null) => (d === null ? 'null' : q(d.toISOString()));
  const k = c.kafka;
  return (
    `[${CONTENT_LAYOUT},${q(c.position)},${q(c.streamId)},${c.streamVersion},${q(c.source)},${q(c.eventId)},${q(c.type)},` +
    `${time(c.clinicalTime)},${time(c.recordedTime)},${time(c.ingestedAt)},` +
    `${k ? `${q(k.topic)},${k.partition},${q(k.offset)}` : 'null,null,null'},` +
    `${c.dataJson},${c.metadataJson},${q(c.tags)}]`
  );
}

/** sha256(prevHash || content), prevHash being 32 zero bytes for the first row. */
export function chainHash(prevHash: Buffer | null, content: string): Buffer {
  return createHash('sha256')
    .update(prevHash ?? GENESIS)
    .update(content, 'utf8')
    .digest();
}
