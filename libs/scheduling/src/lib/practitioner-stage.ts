import { PATIENT_KEY_SYSTEM, taskIdOf, type SharedStage } from '@continuity/rules';
import type { SchedulingConfig } from './scheduling-config';
import { practitionerOverlapFinding, practitionerOverlaps, practitionerSlotsOf, type PractitionerSlot } from './practitioner-overlaps';
import type { SchedulingPatientState } from './scheduling-state';

/**
 * sched-double-booking across patients: each patient states its live slots per practitioner, and
 * the stage finds, per practitioner, two patients in overlapping slots, one touched by D.
 * The task id names both patients and both appointments, so whichever slot is the focus, and
 * whichever of two shared practitioners finds it, it is one task.
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
      practitionerOverlaps(facts as readonly PractitionerSlot[]).map(([a, b]) => ({
        taskId: taskIdOf('sched-double-booking', [
          { system: PATIENT_KEY_SYSTEM, value: a.patientKey },
          { system: PATIENT_KEY_SYSTEM, value: b.patientKey },
          a.appointment,
          b.appointment,
        ]),
        finding: practitionerOverlapFinding([a, b]),
      })),
  };
}
