import { createHash } from 'node:crypto';
import type { StoredEvent } from './event.types';

/** Version tag of the hashed content layout; a new layout gets a new number. */
const CONTENT_LAYOUT = 1;

/** What stands before the first row's content: 32 zero bytes (the first row's prev_hash is null). */
const GENESIS = Buffer.alloc(32);

/** The fields of a row that the chain protects, besides its data and metadata. */
export type ChainedRow = Pick<
  StoredEvent,
  | 'position'
  | 'streamId'
  | 'streamVersion'
  | 'source'
  | 'eventId'
  | 'type'
  | 'clinicalTime'
  | 'recordedTime'
  | 'ingestedAt'
  | 'kafka'
  | 'tags'
>;

const q = JSON.stringify;

/**
 * The canonical string of a row's content: a JSON array in a fixed field order, with the data
 * and metadata given as canonical JSON. Positions, offsets and ISO times need no escaping.
 */
export function contentString(r: ChainedRow, dataJson: string, metadataJson: string): string {
  const k = r.kafka;
  return (
    `[${CONTENT_LAYOUT},"${r.position}",${q(r.streamId)},${r.streamVersion},${q(r.source)},${q(r.eventId)},${q(r.type)},` +
    `${r.clinicalTime ? `"${r.clinicalTime.toISOString()}"` : 'null'},` +
    `${r.recordedTime ? `"${r.recordedTime.toISOString()}"` : 'null'},"${r.ingestedAt.toISOString()}",` +
    `${k ? `${q(k.topic)},${k.partition},"${k.offset}"` : 'null,null,null'},` +
    `${dataJson},${metadataJson},${q(r.tags)}]`
  );
}

/** sha256(prevHash || content), prevHash being 32 zero bytes for the first row. */
export function chainHash(prevHash: Buffer | null, content: string): Buffer {
  return createHash('sha256')
    .update(prevHash ?? GENESIS)
    .update(content, 'utf8')
    .digest();
}
