import { declaredWindowsOverlapping, DOWNTIME_ID_SYSTEM, expectation, type Finding, type Instant } from '@continuity/rules';
import { gradeOf } from '../config';
import { formatDuration, formatInstant } from '../timing';
import type { RxRule } from './rx-rule';

/** Statuses that prove someone charted the dose, given or not. */
const CHARTED: ReadonlySet<string> = new Set(['completed', 'not-done']);

/**
 * rx-omitted-dose: an order with a dosing schedule, live during a declared downtime [T0, T1], with
 * no administration of it (given or not-done) charted in [T0, T1): the doses were missed, or their
 * paper record was never entered. Fires at T1 + 24 h; one task per order and downtime.
 */
export const rxOmittedDose: RxRule = (view, ctx, config) => {
  const findings: Finding[] = [];
  const wakes: Instant[] = [];
  for (const o of view.orders) {
    if (!o.version.timed || o.liveEndMs <= o.startMs) continue;
    const windows = declaredWindowsOverlapping(o.version.facility, o.startMs, o.liveEndMs, ctx.downtimes, config.scope);
    for (const w of windows) {
      // An open downtime has no T1 yet; its end will re-evaluate the patient.
      if (w.end === null || w.downtimeId === null) continue;
      const start = w.start;
      const end = w.end;
      const charted = view.administrations.some(
        (a) => a.orderKey === o.key && CHARTED.has(a.version.status) && start <= a.version.effectiveMs && a.version.effectiveMs < end,
      );
      const r = expectation({ anchor: start, window: w, delayMs: config.omittedDoseDelayMs, satisfied: charted, now: ctx.now });
      if (!r.fires) {
        if (r.due !== null) wakes.push(r.due);
        continue;
      }
      const every = o.intervalMs === null ? 'on a schedule' : `every ${formatDuration(o.intervalMs)}`;
      // e.g. "No dose of enoxaparin (B01AB05) ordered every 12 h under RX-1 was charted during the downtime…"

      findings.push({
        rule: 'rx-omitted-dose',
        ...gradeOf(config, 'rx-omitted-dose', o.highAlert),
        patientKey: view.patientKey,
        facility: o.version.facility,
        focus: o.id,
        related: [{ system: DOWNTIME_ID_SYSTEM, value: w.downtimeId }],
        evidence: [...o.refs, w.downtimeId].sort(),
        description:
          `No dose of ${o.label} ordered ${every} under ${o.id.value} was charted during the downtime from ` +
          `${formatInstant(start)} to ${formatInstant(end)}; doses may have been missed or their paper record not entered.`,
      });
    }
  }
  return { findings, wakes };
};
