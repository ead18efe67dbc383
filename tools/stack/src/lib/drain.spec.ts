import { waitForDrain, type DrainState } from './drain';

/** A reader that replays the given states, then repeats the last one. */
function states(...list: DrainState[]): () => Promise<DrainState> {
  let i = 0;
  return async () => list[Math.min(i++, list.length - 1)];
}

const state = (behind: number, unsent: number, fingerprint: string): DrainState => ({ behind, unsent, fingerprint });

describe('waitForDrain', () => {
  it('returns once nothing is left and nothing changes for the quiet period', async () => {
    const read = jest.fn(states(state(10, 0, 'a'), state(0, 3, 'b'), state(0, 0, 'c'), state(0, 0, 'd'), state(0, 0, 'd')));
    await waitForDrain({ read, quietMs: 0, timeoutMs: 10_000, pollMs: 1, say: () => undefined });
    // 'c' is drained but changes into 'd': only the second 'd' proves the quiet.
    expect(read).toHaveBeenCalledTimes(5);
  });

  it('does not count a drained state that keeps changing as quiet', async () => {
    let n = 0;
    const read = async () => state(0, 0, String(n++));
    await expect(waitForDrain({ read, quietMs: 0, timeoutMs: 30, pollMs: 1, say: () => undefined })).rejects.toThrow(/did not drain within/);
  });

  it('reports what is left when it times out', async () => {
    await expect(waitForDrain({ read: states(state(7, 2, 'x')), quietMs: 0, timeoutMs: 10, pollMs: 1, say: () => undefined })).rejects.toThrow(
      /7 messages to consume, 2 to publish/,
    );
  });

  it('stops when cancelled', async () => {
    await expect(waitForDrain({ read: states(state(1, 0, 'x')), quietMs: 0, timeoutMs: 10_000, pollMs: 1, say: () => undefined, cancelled: () => true })).rejects.toThrow(
      'interrupted',
    );
  });
});
