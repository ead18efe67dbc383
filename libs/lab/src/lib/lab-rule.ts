import type { DegradedWindow, DomainRule } from '@continuity/rules';
import type { LabConfig } from './lab-config';
import type { LabPatientState } from './lab-state';

/** One rule of the lab catalogue: a pure function of the state, the time and the downtimes. */
export type LabRule = DomainRule<LabPatientState, LabConfig>;

/** "LOINC 2823-3 (Potassium)", the table's name first, else the order's display. */
export function testLabel(config: LabConfig, loinc: string | null, display: string | null): string {
  if (loinc === null) return display ? `an uncoded test (${display})` : 'an uncoded test';
  const name = config.retestIntervals.byLoinc[loinc]?.name ?? display;
  return name ? `LOINC ${loinc} (${name})` : `LOINC ${loinc}`;
}

/** "the downtime ended" or "it was placed": what a deadline counted from max(anchor, T1) started at. */
export function sinceWhat(anchor: number, window: DegradedWindow, item: string): string {
  return window.end !== null && window.end > anchor ? 'the downtime ended' : `${item} was placed`;
}
