import { ChainedContent, chainHash, contentString } from './hash-chain';

const row = (over: Partial<ChainedContent> = {}): ChainedContent => ({
  position: '1',
  streamId: 'Patient/1',
  streamVersion: 1,
  source: 'urn:s',
  eventId: 'e1',
  type: 'continuity.lab.ordered',
  clinicalTime: new Date('2024-08-03T12:10:00Z'),
  recordedTime: null,
  ingestedAt: new Date('2024-08-05T08:00:00Z'),
  kafka: { topic: 'clinical.lab.v1', partition: 3, offset: '42' },
  dataJson: '{"a":1}',
  metadataJson: '{}',
  tags: ['x'],
  ...over,
});

describe('hash chain', () => {
  it('changes the hash when any protected field changes', () => {
    const base = chainHash(null, contentString(row()));
    const variants: Partial<ChainedContent>[] = [
      { position: '2' },
      { streamId: 'Patient/2' },
      { streamVersion: 2 },
      { source: 'urn:t' },
      { eventId: 'e2' },
      { type: 'other' },
      { clinicalTime: null },
      { recordedTime: new Date(0) },
      { ingestedAt: new Date('2024-08-05T08:00:00.001Z') },
      { kafka: null },
      { kafka: { topic: 'clinical.lab.v1', partition: 3, offset: '43' } },
      { dataJson: '{"a":2}' },
      { metadataJson: '{"m":1}' },
      { tags: ['x', 'y'] },
    ];
    for (const v of variants) expect(chainHash(null, contentString(row(v))).equals(base)).toBe(false);
  });

  it('depends on the previous hash', () => {
    const content = contentString(row());
    const a = chainHash(null, content);
    expect(chainHash(a, content).equals(a)).toBe(false);
    expect(chainHash(null, content).equals(a)).toBe(true);
  });

  it('keeps fields apart: moving text from one field to the next changes the content', () => {
    expect(contentString(row({ source: 'ab', eventId: 'c' }))).not.toBe(contentString(row({ source: 'a', eventId: 'bc' })));
  });
});
