import { ChainedRow, chainHash, contentString } from './hash-chain';

interface Row extends ChainedRow {
  dataJson: string;
  metadataJson: string;
}
const content = (r: Row) => contentString(r, r.dataJson, r.metadataJson);

const row = (over: Partial<Row> = {}): Row => ({
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
    const base = chainHash(null, content(row()));
    const variants: Partial<Row>[] = [
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
    for (const v of variants) expect(chainHash(null, content(row(v))).equals(base)).toBe(false);
  });

  it('depends on the previous hash', () => {
    const text = content(row());
    const a = chainHash(null, text);
    expect(chainHash(a, text).equals(a)).toBe(false);
    expect(chainHash(null, text).equals(a)).toBe(true);
  });

  it('keeps fields apart: moving text from one field to the next changes the content', () => {
    expect(content(row({ source: 'ab', eventId: 'c' }))).not.toBe(content(row({ source: 'a', eventId: 'bc' })));
  });
});

describe('hash chain layout', () => {
  it('is frozen: a stored chain must verify with every later version of this code', () => {
    const r: Row = {
      position: '7', streamId: 'Patient/1', streamVersion: 2, source: 'urn:s', eventId: 'e"1', type: 't',
      clinicalTime: new Date('2024-08-03T12:10:00Z'), recordedTime: null, ingestedAt: new Date('2024-08-05T08:00:00.123Z'),
      kafka: { topic: 'clinical.lab.v1', partition: 3, offset: '42' }, tags: ['a', 'b\\c'],
      dataJson: '{"a":[1,"x"]}', metadataJson: '{}',
    };
    expect(content(r)).toBe(
      '[1,"7","Patient/1",2,"urn:s","e\\"1","t","2024-08-03T12:10:00.000Z",null,"2024-08-05T08:00:00.123Z",' +
        '"clinical.lab.v1",3,"42",{"a":[1,"x"]},{},["a","b\\\\c"]]',
    );
    expect(chainHash(null, content(r)).toString('hex')).toBe('8562927aae99628514236b83a6aab09b79d5071ff0e5c52a2d7799fa5106f6ab');
  });
});
