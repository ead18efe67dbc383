import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { FeedMessage } from './sim-event';

/** Bytes buffered before a write: large writes, few syscalls. */
const CHUNK_CHARS = 1 << 20;

/** One NDJSON line: `{"topic", "key", "value"}` where `value` is the exact string to send. */
export function ndjsonLine(m: Pick<FeedMessage, 'topic' | 'key' | 'value'>): string {
  return `{"topic":${JSON.stringify(m.topic)},"key":${JSON.stringify(m.key)},"value":${JSON.stringify(m.value)}}\n`;
}

/** Writes feed lines to a file in large chunks, waiting for the stream to drain (bounded memory). */
export class NdjsonWriter {
  private readonly stream: WriteStream;
  private buffer = '';
  bytes = 0;
  lines = 0;

  constructor(path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
  }

  /** Appends a line; true when a chunk is waiting for the disk (then await `drain()`). */
  write(m: Pick<FeedMessage, 'topic' | 'key' | 'value'>): boolean {
    this.buffer += ndjsonLine(m);
    this.lines++;
    if (this.buffer.length < CHUNK_CHARS) return false;
    return !this.writeChunk();
  }

  /** Resolves when the stream can take more. */
  async drain(): Promise<void> {
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }

  private writeChunk(): boolean {
    const chunk = this.buffer;
    this.buffer = '';
    this.bytes += Buffer.byteLength(chunk, 'utf8');
    return this.stream.write(chunk);
  }

  async flush(): Promise<void> {
    if (this.buffer.length > 0 && !this.writeChunk()) await this.drain();
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}
