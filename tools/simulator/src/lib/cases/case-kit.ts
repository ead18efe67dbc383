import type { RuleCode, Severity } from '@continuity/rules';
import { ATC_CLASSES, isHighAlert, type Substance } from '../catalog';
import type { CaseParts } from '../ground-truth';
import type { PatientBuilder } from '../patient-builder';
import type { Rng } from '../prng';
import type { Timeline } from '../timeline';
import { floorMinute } from '../time';

/** What a staged case gets: a fresh patient, its own random stream, the timeline. */
export interface CaseContext {
  /** The case's patient: the one its expected task (or near-miss) is filed under. */
  b: PatientBuilder;
  /**
   * A second fresh patient at the same facility, made on the first call (the same one after), for
   * rules across patients: one practitioner booked for two patients at once.
   */
  otherPatient(): PatientBuilder;
  rng: Rng;
  tl: Timeline;
}

/** What a staged case says about itself: the rule it targets and the business ids by role. */
export interface CaseResult {
  rule: RuleCode;
  parts: CaseParts;
  /** For injected cases: the severity the rule should give. */
  severity?: Severity;
  /** For near-misses: why it must not fire. */
  why?: string;
}

export interface CaseSpec {
  /** e.g. "rx-duplicate-order" or "near-miss:rx-duplicate-after-stop". */
  name: string;
  rule: RuleCode;
  kind: 'inject' | 'near-miss';
  build(c: CaseContext): CaseResult;
}

/** A minute inside D, between `fromMs` after T0 and `toMs` after T0 (clamped inside D). */
export function inD(c: CaseContext, fromMs: number, toMs: number): number {
  const { t0, t1 } = c.tl;
  const lo = Math.min(t0 + fromMs, t1 - 1);
  const hi = Math.max(lo, Math.min(t0 + toMs, t1 - 1));
  return floorMinute(lo + c.rng.float() * (hi - lo));
}

export const HIGH_ALERT_SUBSTANCES: readonly Substance[] = ATC_CLASSES.filter((c) => isHighAlert(c.level4)).flatMap((c) => c.substances);
export const ORDINARY_SUBSTANCES: readonly Substance[] = ATC_CLASSES.filter((c) => !isHighAlert(c.level4)).flatMap((c) => c.substances);

/** A substance, high-alert about half of the time (the severity then rises). */
export function anySubstance(rng: Rng): { substance: Substance; highAlert: boolean } {
  const highAlert = rng.chance(0.5);
  return { substance: rng.pick(highAlert ? HIGH_ALERT_SUBSTANCES : ORDINARY_SUBSTANCES), highAlert };
}

/** Rounds up to a quarter hour, as bookings are. */
export const quarter = (ms: number): number => Math.ceil(ms / 900_000) * 900_000;

/**
 * A minute before T0, between `loMs` and `hiMs` before it, but never before the start of the
 * timeline (nothing is recorded before it).
 */
export function beforeD(c: CaseContext, loMs: number, hiMs: number): number {
  const earliest = c.tl.start + 30 * 60_000;
  const t = c.tl.t0 - (loMs + c.rng.float() * (hiMs - loMs));
  return floorMinute(Math.max(earliest, Math.min(t, c.tl.t0 - 60_000)));
}
