import { MultiBar, Presets, type SingleBar } from 'cli-progress';

/** Progress bars on stderr, or nothing at all (`--no-progress`, or stderr not a terminal). */
export interface Progress {
  bar(name: string, total: number): { update(value: number, total?: number): void };
  stop(): void;
}

export function createProgress(enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY) return { bar: () => ({ update: () => undefined }), stop: () => undefined };
  const multi = new MultiBar(
    { stream: process.stderr, hideCursor: true, clearOnComplete: false, format: ' {name} |{bar}| {percentage}% {value}/{total} {eta_formatted} left', fps: 5 },
    Presets.shades_classic,
  );
  return {
    bar(name, total) {
      const b: SingleBar = multi.create(Math.max(1, total), 0, { name: name.padEnd(9) });
      return {
        update(value, newTotal) {
          if (newTotal !== undefined) b.setTotal(Math.max(1, newTotal));
          b.update(value);
        },
      };
    },
    stop: () => multi.stop(),
  };
}
