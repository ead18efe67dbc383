import fc from 'fast-check';
import { copyHeaders, headerText, loadHeaders, storeHeaders } from './message-headers';

describe('outbox header encoding', () => {
  it('gives back the exact bytes of any header value, through JSON as jsonb would hold it', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.uint8Array({ maxLength: 64 })), (raw) => {
        const headers = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.replaceAll('\u0000', ''), Buffer.from(v)]));
        const stored = JSON.parse(JSON.stringify(storeHeaders(headers)));
        const loaded = loadHeaders(stored);
        expect(Object.keys(loaded).sort()).toEqual(Object.keys(headers).sort());
        for (const [name, value] of Object.entries(headers)) expect((loaded[name] as Buffer).equals(value)).toBe(true);
      }),
    );
  });

  it('keeps text readable and falls back to base64 for what jsonb cannot hold', () => {
    const stored = storeHeaders({
      'content-type': 'application/cloudevents+json',
      bom: Buffer.from([0xef, 0xbb, 0xbf, 0x41]),
      nul: Buffer.from([0x41, 0x00]),
      latin1: Buffer.from([0xe9]),
    });
    expect(stored['content-type']).toBe('application/cloudevents+json');
    expect(stored['bom']).toBe('\uFEFFA');
    expect(stored['nul']).toEqual({ base64: 'QQA=' });
    expect(stored['latin1']).toEqual({ base64: '6Q==' });
    expect((loadHeaders(stored)['bom'] as Buffer).equals(Buffer.from([0xef, 0xbb, 0xbf, 0x41]))).toBe(true);
  });

  it('keeps repeated headers, and a header named __proto__ as data', () => {
    const headers = copyHeaders(JSON.parse('{"__proto__": "x", "trace": ["a", "b"]}'));
    const loaded = loadHeaders(JSON.parse(JSON.stringify(storeHeaders(headers))));
    expect(Object.keys(loaded).sort()).toEqual(['__proto__', 'trace']);
    expect((loaded['trace'] as Buffer[]).map(String)).toEqual(['a', 'b']);
    expect(Object.getPrototypeOf(loaded)).toBeNull();
  });

  it('drops undefined entries and reads the first value as text', () => {
    const headers = copyHeaders({ a: undefined, b: [Buffer.from('one'), 'two'] });
    expect(Object.keys(headers)).toEqual(['b']);
    expect(headerText(headers, 'b')).toBe('one');
    expect(headerText(headers, 'a')).toBeUndefined();
  });
});
