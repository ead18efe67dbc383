import { parseMessage } from '@continuity/contracts';
import { buildDataset, publicationBatches } from './dataset';

describe('the int tests dataset', () => {
  const data = buildDataset({ valid: 600, malformed: 40, duplicateRatio: 0.02, seed: 7 });
  const parse = (m: (typeof data.messages)[number]) =>
    parseMessage(
      { topic: 't', key: Buffer.from(String(m.key)), value: m.value as Buffer | null, headers: m.headers as Record<string, string> },
      { domain: 'prescriptions' },
    );

  it('has the promised counts', () => {
    expect(data.messages).toHaveLength(600 + 40 + 12);
    expect(data.validEventKeys.size).toBe(600);
    expect(data.duplicates).toBe(12);
  });

  it('breaks the contract the way each case says, and only there', () => {
    const expected = new Map(data.malformed.map((c) => [c.key, c.expectedCode]));
    for (const m of data.messages) {
      const result = parse(m);
      const code = expected.get(String(m.key));
      if (code) expect(result.ok ? 'accepted' : result.error.code).toBe(code);
      else expect(result.ok ? 'accepted' : result.error).toBe('accepted');
    }
    expect(new Set(data.malformed.map((c) => c.expectedCode)).size).toBeGreaterThanOrEqual(8);
  });

  it('sends a large message alone', () => {
    const batches = publicationBatches(data.messages, 100);
    expect(batches.flat()).toEqual(data.messages);
    const big = batches.filter((b) => b.some((m) => (m.value?.length ?? 0) > 512 * 1024));
    expect(big).toHaveLength(1);
    expect(big[0]).toHaveLength(1);
  });
});
