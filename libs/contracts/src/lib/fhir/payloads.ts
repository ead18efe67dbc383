/**
 * Plain TypeScript views of the §3 payloads: the subsets of FHIR R4 the rules read, with
 * FHIR's own field names. `ParsedEvent.data` has this shape once `parseMessage` accepted it
 * (see `isEventOfType`). Fields the contract requires are non-optional here.
 */

/** System of ATC codes (medication substance and class). */
export const ATC_SYSTEM = 'http://www.whocc.no/atc';
/** System of LOINC codes (lab tests). */
export const LOINC_SYSTEM = 'http://loinc.org';
/** HL7 v2 table 0203, whose `PLAC` code marks the placer (order) identifier. */
export const IDENTIFIER_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0203';
export const PLACER_IDENTIFIER_CODE = 'PLAC';
/** v3 ObservationInterpretation, whose HH, LL and AA mark a critical result. */
export const INTERPRETATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
export const CRITICAL_INTERPRETATION_CODES: readonly string[] = ['HH', 'LL', 'AA'];

export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

/** A business identifier; system and value are both required here because events join on them. */
export interface Identifier {
  type?: CodeableConcept;
  system: string;
  value: string;
}

export interface Reference {
  reference?: string;
  /** Resource type of the target, e.g. "Patient" (how an identifier-only reference says what it names). */
  type?: string;
  identifier?: Identifier;
  display?: string;
}

/** A reference by business identifier (`{"identifier": {"system", "value"}}`). */
export interface IdentifierReference extends Reference {
  identifier: Identifier;
}

export interface Period {
  start?: string;
  end?: string;
}

export type UnitsOfTime = 's' | 'min' | 'h' | 'd' | 'wk' | 'mo' | 'a';

export interface TimingRepeat {
  frequency?: number;
  period?: number;
  periodUnit?: UnitsOfTime;
}

export interface Timing {
  repeat?: TimingRepeat;
  code?: CodeableConcept;
}

export interface Dosage {
  text?: string;
  timing?: Timing;
}

export interface DispenseRequest {
  validityPeriod?: Period;
}

export interface Quantity {
  value?: number;
  unit?: string;
  system?: string;
  code?: string;
}

export type MedicationRequestStatus =
  | 'active' | 'on-hold' | 'cancelled' | 'completed' | 'entered-in-error' | 'stopped' | 'draft' | 'unknown';
export type MedicationRequestIntent =
  | 'proposal' | 'plan' | 'order' | 'original-order' | 'reflex-order' | 'filler-order' | 'instance-order' | 'option';

export interface MedicationRequestPayload {
  resourceType: 'MedicationRequest';
  id?: string;
  identifier: Identifier[];
  status: MedicationRequestStatus;
  intent: MedicationRequestIntent;
  subject: IdentifierReference;
  medicationCodeableConcept: CodeableConcept;
  /** Required for `prescription.ordered`. */
  authoredOn?: string;
  dosageInstruction?: Dosage[];
  dispenseRequest?: DispenseRequest;
}

export type MedicationAdministrationStatus =
  | 'in-progress' | 'not-done' | 'on-hold' | 'completed' | 'entered-in-error' | 'stopped' | 'unknown';

export interface MedicationAdministrationPayload {
  resourceType: 'MedicationAdministration';
  id?: string;
  identifier?: Identifier[];
  status: MedicationAdministrationStatus;
  medicationCodeableConcept?: CodeableConcept;
  subject: IdentifierReference;
  /** The order, by its placer identifier. */
  request: IdentifierReference;
  effectiveDateTime: string;
  statusReason?: CodeableConcept[];
}

export type ServiceRequestStatus =
  | 'draft' | 'active' | 'on-hold' | 'revoked' | 'completed' | 'entered-in-error' | 'unknown';
export type RequestPriority = 'routine' | 'urgent' | 'asap' | 'stat';

export interface ServiceRequestPayload {
  resourceType: 'ServiceRequest';
  id?: string;
  identifier: Identifier[];
  status: ServiceRequestStatus;
  intent?: MedicationRequestIntent | 'directive';
  /** Required for `lab.ordered`: a laboratory category. */
  category?: CodeableConcept[];
  /** Required for `lab.ordered`: with a LOINC coding. */
  code?: CodeableConcept;
  /** Absent means routine (FHIR). */
  priority?: RequestPriority;
  subject: IdentifierReference;
  /** Required for `lab.ordered`. */
  authoredOn?: string;
}

export interface SpecimenPayload {
  resourceType: 'Specimen';
  id?: string;
  identifier?: Identifier[];
  status?: 'available' | 'unavailable' | 'unsatisfactory' | 'entered-in-error';
  subject?: IdentifierReference;
  /** The orders, by placer identifier. */
  request: IdentifierReference[];
  collection: { collectedDateTime: string };
}

export type ObservationStatus =
  | 'registered' | 'preliminary' | 'final' | 'amended' | 'corrected' | 'cancelled' | 'entered-in-error' | 'unknown';

export interface ObservationPayload {
  resourceType: 'Observation';
  id?: string;
  status: ObservationStatus;
  code: CodeableConcept;
  valueQuantity?: Quantity;
  valueString?: string;
  interpretation?: CodeableConcept[];
}

export type DiagnosticReportStatus =
  | 'registered' | 'partial' | 'preliminary' | 'final' | 'amended' | 'corrected' | 'appended' | 'cancelled'
  | 'entered-in-error' | 'unknown';

export interface DiagnosticReportPayload {
  resourceType: 'DiagnosticReport';
  id?: string;
  /** The report's own (filler) identifier, which `Communication.about` references. */
  identifier: Identifier[];
  /** The orders, by placer identifier. */
  basedOn: IdentifierReference[];
  status: DiagnosticReportStatus;
  code: CodeableConcept;
  subject?: IdentifierReference;
  effectiveDateTime?: string;
  issued: string;
  contained?: ObservationPayload[];
  result?: Reference[];
}

export type EventStatus =
  | 'preparation' | 'in-progress' | 'not-done' | 'on-hold' | 'stopped' | 'completed' | 'entered-in-error' | 'unknown';

export interface CommunicationPayload {
  resourceType: 'Communication';
  id?: string;
  identifier?: Identifier[];
  status: EventStatus;
  subject?: IdentifierReference;
  /** The DiagnosticReport(s), by identifier. */
  about: IdentifierReference[];
  sent?: string;
  received: string;
}

export type AppointmentStatus =
  | 'proposed' | 'pending' | 'booked' | 'arrived' | 'fulfilled' | 'cancelled' | 'noshow' | 'entered-in-error'
  | 'checked-in' | 'waitlist';

export interface AppointmentParticipant {
  type?: CodeableConcept[];
  /** `type` "Patient" or "Practitioner" (or a `reference` "Patient/…") says who it is. */
  actor?: Reference;
  status?: 'accepted' | 'declined' | 'tentative' | 'needs-action';
}

export interface AppointmentPayload {
  resourceType: 'Appointment';
  id?: string;
  identifier: Identifier[];
  status: AppointmentStatus;
  /** Required for `scheduling.booked`. */
  serviceType?: CodeableConcept[];
  /** Required for `scheduling.booked` and `.rescheduled`. */
  start?: string;
  end?: string;
  participant: AppointmentParticipant[];
}

/** `continuity.downtime.started` / `.ended`. */
export interface DowntimePayload {
  /** A site code, or "*" for all. */
  facility: string;
  /** e.g. ["ehr", "lis"]; empty means every system. */
  systems: string[];
  reason?: string;
}

/** `continuity.source.heartbeat`. */
export interface HeartbeatPayload {
  facility: string;
  system: string;
}

export type FhirPayload =
  | MedicationRequestPayload
  | MedicationAdministrationPayload
  | ServiceRequestPayload
  | SpecimenPayload
  | DiagnosticReportPayload
  | CommunicationPayload
  | AppointmentPayload;
