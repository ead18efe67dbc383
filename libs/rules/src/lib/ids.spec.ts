import { configHash, eventBusinessId, eventRef, patientTaskIdOf, SEVERITY_RANK, taskIdOf } from './ids';

const a = { system: 'urn:oid:1.2.250.1.71.4.2.1', value: 'RX-1' };
const b = { system: 'urn:oid:1.2.250.1.71.4.2.1', value: 'RX-2' };

describe('taskIdOf', () => {
  it('is 40 hex characters and independent of the order of ids', () => {
    const id = taskIdOf('rx-duplicate-order', [a, b]);
    expect(id).toMatch(/^[0-9a-f]{40}$/);
    expect(taskIdOf('rx-duplicate-order', [b, a])).toBe(id);
    expect(taskIdOf('rx-duplicate-order', [b, a, b])).toBe(id);
  });
  it('differs by rule and by ids', () => {
    const id = taskIdOf('rx-duplicate-order', [a, b]);
    expect(taskIdOf('rx-therapeutic-duplication', [a, b])).not.toBe(id);
    expect(taskIdOf('rx-duplicate-order', [a])).not.toBe(id);
  });
  it('is stable across versions (a published task id must never change)', () => {
    expect(taskIdOf('rx-duplicate-order', [a, b])).toBe('baf09ac17812ec23cae373b6851a740ca5af29ab');
  });
});

describe('patientTaskIdOf', () => {
  it('is taskIdOf over the patient key, the focus and the related ids', () => {
    expect(patientTaskIdOf('rx-duplicate-order', 'P1', b, [a])).toBe(
      taskIdOf('rx-duplicate-order', [{ system: 'urn:continuity:patient-key', value: 'P1' }, a, b]),
    );
    expect(patientTaskIdOf('rx-duplicate-order', 'P2', b, [a])).not.toBe(patientTaskIdOf('rx-duplicate-order', 'P1', b, [a]));
  });
});

describe('event references', () => {
  it('names an event by source and id', () => {
    expect(eventRef({ source: 'urn:s', id: 'e1' })).toBe('urn:s#e1');
    expect(eventBusinessId({ source: 'urn:s', id: 'e1' })).toEqual({ system: 'urn:continuity:event', value: 'urn:s#e1' });
  });
});

describe('configHash', () => {
  it('ignores key order at every level and sees any value change', () => {
    const h = configHash({ x: 1, y: { b: [1, 2], a: 'z' } });
    expect(configHash({ y: { a: 'z', b: [1, 2] }, x: 1 })).toBe(h);
    expect(configHash({ x: 1, y: { b: [2, 1], a: 'z' } })).not.toBe(h);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('SEVERITY_RANK', () => {
  it('orders DCB0129 severities', () => {
    expect(SEVERITY_RANK.minor < SEVERITY_RANK.significant && SEVERITY_RANK.significant < SEVERITY_RANK.considerable).toBe(true);
    expect(SEVERITY_RANK.considerable < SEVERITY_RANK.major && SEVERITY_RANK.major < SEVERITY_RANK.catastrophic).toBe(true);
  });
});
