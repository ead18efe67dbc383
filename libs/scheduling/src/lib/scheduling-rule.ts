import type { DomainRule, Instant } from '@continuity/rules';
import type { SchedulingConfig } from './scheduling-config';
import type { ServiceCode } from './scheduling-fhir';
import type { SchedulingPatientState } from './scheduling-state';

/** One rule of the scheduling catalogue: a pure function of the state, the time and the downtimes. */
export type SchedulingRule = DomainRule<SchedulingPatientState, SchedulingConfig>;

/** "2024-08-05 09:00 UTC": a slot for a sentence (times are not patient-identifying). */
export function formatInstant(t: Instant): string {
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "service 394609007 (General surgery)" or "an uncoded service". */
export function serviceLabel(service: ServiceCode | null): string {
  if (service === null) return 'an uncoded service';
  return service.display ? `service ${service.code} (${service.display})` : `service ${service.code}`;
}
