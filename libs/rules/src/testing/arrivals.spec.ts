import { interleave, interleavings, redelivered } from './arrivals';

describe('arrival orders', () => {
  it('interleave keeps each list in its own order and picks lists by the choices, cycled', () => {
    expect(interleave([['a1', 'a2'], ['b1', 'b2']], [])).toEqual(['a1', 'a2', 'b1', 'b2']);
    expect(interleave([['a1', 'a2'], ['b1', 'b2']], [1, 0])).toEqual(['b1', 'a1', 'b2', 'a2']);
    expect(interleave([['a1'], ['b1', 'b2', 'b3']], [0, 1, 7])).toEqual(['a1', 'b1', 'b2', 'b3']);
  });

  it('interleavings lists every merge that keeps each sequence in order, up to a limit', () => {
    expect(interleavings([['a1', 'a2'], ['b']]).map((m) => m.join(' '))).toEqual(['a1 a2 b', 'a1 b a2', 'b a1 a2']);
    expect(interleavings([[1, 2, 3], [4, 5, 6]])).toHaveLength(20);
    expect(interleavings([[1, 2, 3], [4, 5, 6]], 7)).toHaveLength(7);
  });

  it('redelivered inserts copies where asked and leaves the input alone', () => {
    const events = ['a', 'b', 'c'];
    expect(redelivered(events, [[0, 3], [4, 0]])).toEqual(['b', 'a', 'b', 'c', 'a']);
    expect(events).toEqual(['a', 'b', 'c']);
    expect(redelivered([], [[1, 1]])).toEqual([]);
  });
});
