/**
 * Merges lists keeping each list's own order, picking the next list by `choices` (cycled): how
 * several sources' streams may arrive interleaved on one partition.
 */
export function interleave<T>(lists: ReadonlyArray<readonly T[]>, choices: readonly number[]): T[] {
  const cursors = lists.map(() => 0);
  const out: T[] = [];
  let step = 0;
  for (;;) {
    const open = lists.map((_l, i) => i).filter((i) => cursors[i] < lists[i].length);
    if (open.length === 0) return out;
    const pick = open[(choices.length === 0 ? 0 : choices[step++ % choices.length]) % open.length];
    out.push(lists[pick][cursors[pick]++]);
  }
}
