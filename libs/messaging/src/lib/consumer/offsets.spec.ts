import { compareOffsets, lagOf, nextOffsetAfter } from './offsets';

describe('offset arithmetic', () => {
  it('is exact beyond 2^53', () => {
    expect(nextOffsetAfter('9007199254740993')).toBe('9007199254740994');
    expect(compareOffsets('9007199254740993', '9007199254740992')).toBe(1);
    expect(compareOffsets('10', '9')).toBe(1);
    expect(compareOffsets('7', '7')).toBe(0);
  });

  it('never reports a negative lag', () => {
    expect(lagOf('100', '40')).toBe(60);
    expect(lagOf('100', '120')).toBe(0);
  });
});
