import { dlqRecordOf } from './rejections';

describe('dlqRecordOf', () => {
  const message = {
    topic: 'clinical.lab.v1',
    partition: 7,
    offset: '12345',
    key: Buffer.from([0x00, 0xff, 0x10]),
    value: Buffer.from('{not json', 'utf8'),
    headers: { 'content-type': Buffer.from('application/cloudevents+json'), 'x-error-code': 'forged' },
  };

  it('keeps the original bytes and headers and says why and where from (CONTRACT.md §7)', () => {
    const row = dlqRecordOf({ message, error: { code: 'CONTRACT.INVALID_JSON', detail: 'value: not valid JSON', field: 'value' } });
    expect(row.topic).toBe('clinical.lab.v1.dlq');
    expect(row.key).toBe(message.key);
    expect(row.value).toBe(message.value);
    expect({ ...row.headers }).toEqual({
      'content-type': message.headers['content-type'],
      'x-error-code': 'CONTRACT.INVALID_JSON',
      'x-error-detail': 'value: not valid JSON',
      'x-original-topic': 'clinical.lab.v1',
      'x-original-partition': '7',
      'x-original-offset': '12345',
    });
  });

  it('bounds the detail and strips NUL, which PostgreSQL text refuses', () => {
    const row = dlqRecordOf({ message, error: { code: 'CONTRACT.INVALID_FIELD', detail: `a\u0000${'x'.repeat(5000)}` } });
    const detail = row.headers?.['x-error-detail'] as string;
    expect(detail.length).toBeLessThanOrEqual(1000);
    expect(detail).not.toContain('\u0000');
  });
});
