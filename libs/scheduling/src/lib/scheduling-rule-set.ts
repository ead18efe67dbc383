import { configHash, evaluateRules, type RuleSet } from '@continuity/rules';
import { SCHEDULING_CONFIG_V1, type SchedulingConfig } from './scheduling-config';
import { practitionerStage } from './practitioner-stage';
import type { SchedulingRule } from './scheduling-rule';
import { evolveSchedulingState, initialSchedulingState, type SchedulingPatientState } from './scheduling-state';
import { schedDoubleBooking } from './rules/sched-double-booking.rule';
import { schedNotOnPlanning } from './rules/sched-not-on-planning.rule';
import { schedOrphanArrival } from './rules/sched-orphan-arrival.rule';
import { schedUnresolvedAppointment } from './rules/sched-unresolved-appointment.rule';

/** The scheduling catalogue of DESIGN.md that one patient's state can decide, in catalogue order. */
export const SCHEDULING_RULES: readonly SchedulingRule[] = [schedNotOnPlanning, schedDoubleBooking, schedUnresolvedAppointment, schedOrphanArrival];

/**
 * The scheduling rule set over one patient: appointments by identifier. `version` is
 * `scheduling@<config.version>`; `configHash` identifies the exact windows in force.
 * A practitioner's overlapping slots across patients are decided by its shared stage.
 */
export function schedulingRuleSet(config: SchedulingConfig = SCHEDULING_CONFIG_V1): RuleSet<SchedulingPatientState> {
  return {
    domain: 'scheduling',
    version: `scheduling@${config.version}`,
    configHash: configHash(config),
    initialState: initialSchedulingState,
    evolve: (state, event) => evolveSchedulingState(state, event),
    evaluate: (state, ctx) => evaluateRules(SCHEDULING_RULES, state, ctx, config),
    shared: practitionerStage(config),
  };
}
