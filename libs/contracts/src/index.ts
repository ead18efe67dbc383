export * from './lib/topics';
export * from './lib/parsed-event';
export * from './lib/error-codes';
export * from './lib/event-types';
export * from './lib/timestamps';
export * from './lib/fhir/payloads';
export { IsInstant, explainConstraint, instantiate, INSTANT_CONSTRAINT } from './lib/fhir/decorators';
export {
  checkCodeableConcept,
  checkCoding,
  checkIdentifier,
  checkIdentifierReference,
  checkPeriod,
  checkReference,
  type ElementCheck,
  type ElementIssue,
} from './lib/fhir/elements';
export * from './lib/fhir/medication.dto';
export * from './lib/fhir/lab.dto';
export * from './lib/fhir/appointment.dto';
export * from './lib/downtime.dto';
export * from './lib/typed-events';
export * from './lib/cloud-event';
export { parseMessage, DEFAULT_MAX_MESSAGE_BYTES, type ParseOptions } from './lib/parse-message';
export { validatePayload, dtoOf } from './lib/payload-validation';
export { isPlacerIdentifier, isActorOf, codingOf } from './lib/payload-rules';
export {
  businessIdKey,
  businessIdsOf,
  compareBusinessIds,
  patientIdsOf,
  placerIdOf,
  placerIdsOf,
  referencedIdsOf,
} from './lib/business-ids';
export * from './testing/fixtures';
