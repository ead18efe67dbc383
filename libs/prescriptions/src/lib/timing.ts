import type { TimingRepeat } from '@continuity/contracts';

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  wk: 7 * 86_400_000,
  // FHIR's calendar units, at their average lengths: only used to compare dose spacing.
  mo: 30 * 86_400_000,
  a: 365 * 86_400_000,
};

/**
 * The interval between doses a FHIR `timing.repeat` orders (`period` `periodUnit` / `frequency`),
 * or null when it does not say.
 */
export function doseIntervalMs(repeat: TimingRepeat | null | undefined): number | null {
  if (!repeat || repeat.period === undefined || repeat.periodUnit === undefined) return null;
  const unit = UNIT_MS[repeat.periodUnit];
  const frequency = repeat.frequency ?? 1;
  if (unit === undefined || !(repeat.period > 0) || !(frequency > 0)) return null;
  return (repeat.period * unit) / frequency;
}

/** "4 h", "1 h 30 min", "45 min", "2 d": a duration a clinician reads at a glance. */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  if (minutes % 1440 === 0) return `${minutes / 1440} d`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** `2024-08-03 10:00Z`: an instant in descriptions, without seconds. */
export function formatInstant(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')}Z`;
}
