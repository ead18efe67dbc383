import { patientTaskIdOf, type SharedStage } from '@continuity/rules';
import type { SchedulingConfig } from './scheduling-config';
import { practitionerOverlapFinding, practitionerOverlaps, practitionerSlotsOf, type PractitionerSlot } from './practitioner-overlaps';
import type { SchedulingPatientState } from './scheduling-state';

/** Names the other patient in a task id (appointment numbers are not always unique across patients). */
export const RELATED_PATIENT_KEY_SYSTEM = 'urn:continuity:related-patient-key';

/**
 * sched-double-booking across patients: each patient states its live slots per practitioner, and
 * the stage finds, per practitioner, two patients in overlapping slots, one touched by D.
 * The task id is the focus patient's, over the focus, the other appointment and the other
 * patient: whichever of two shared practitioners finds it, it is one task; and when the focus
 * moves (a late declaration shows the other booking was the one made in D), the task filed under
 * the first patient is cancelled and one under the right patient opens, as for a patient's own rules.
 */
export function practitionerStage(config: SchedulingConfig): SharedStage<SchedulingPatientState> {
  return {
    name: 'practitioner',
    factsOf: (state, ctx) =>
      practitionerSlotsOf(state, ctx.downtimes, config)
        .filter((s) => s.live)
        .map((s) => ({ group: s.practitioner, value: s })),
    // The facts are the slots `factsOf` stated, read back from the store.
    evaluate: (_group, facts) =>
      practitionerOverlaps(facts as readonly PractitionerSlot[]).map((pair) => {
        const finding = practitionerOverlapFinding(pair);
        const other = finding.patientKey === pair[0].patientKey ? pair[1] : pair[0];
        return {
          taskId: patientTaskIdOf('sched-double-booking', finding.patientKey, finding.focus, [
            ...finding.related,
            { system: RELATED_PATIENT_KEY_SYSTEM, value: other.patientKey },
          ]),
          finding,
        };
      }),
  };
}
