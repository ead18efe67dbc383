import fc from 'fast-check';
import { chunkMessages } from './chunks';

const msg = (size: number) => ({ value: Buffer.alloc(size), key: null });

describe('chunkMessages', () => {
  it('keeps every message once, in order, within the bounds (a lone oversized message excepted)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(300)), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 1000 }), (sizes, maxMessages, maxBytes) => {
        const messages = sizes.map(msg);
        const chunks = chunkMessages(messages, { maxMessages, maxBytes });
        expect(chunks.flat()).toEqual(messages);
        for (const chunk of chunks) {
          expect(chunk.length).toBeGreaterThan(0);
          expect(chunk.length).toBeLessThanOrEqual(maxMessages);
          const bytes = chunk.reduce((n, m) => n + m.value.length, 0);
          if (chunk.length > 1) expect(bytes).toBeLessThanOrEqual(maxBytes);
        }
      }),
    );
  });

  it('cuts by count and by bytes', () => {
    expect(chunkMessages([msg(1), msg(1), msg(1)], { maxMessages: 2, maxBytes: 100 }).map((c) => c.length)).toEqual([2, 1]);
    expect(chunkMessages([msg(60), msg(60), msg(10)], { maxMessages: 10, maxBytes: 100 }).map((c) => c.length)).toEqual([1, 2]);
    expect(chunkMessages([], { maxMessages: 10, maxBytes: 100 })).toEqual([]);
  });
});
