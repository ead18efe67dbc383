import { Equals, IsIn, IsOptional, IsString } from 'class-validator';
import {
  IsCodeableConcept,
  IsCodeableConceptList,
  IsIdentifierList,
  IsIdentifierReference,
  IsIdentifierReferenceList,
  IsInstant,
  IsQuantity,
  IsReferenceList,
  NestedArray,
  NestedObject,
  Text,
} from './decorators';
import { REQUEST_INTENTS } from './medication.dto';
import type {
  CodeableConcept,
  CommunicationPayload,
  DiagnosticReportPayload,
  DiagnosticReportStatus,
  EventStatus,
  Identifier,
  IdentifierReference,
  ObservationPayload,
  ObservationStatus,
  Quantity,
  Reference,
  RequestPriority,
  ServiceRequestPayload,
  ServiceRequestStatus,
  SpecimenPayload,
} from './payloads';

const SERVICE_REQUEST_STATUSES: readonly ServiceRequestStatus[] = [
  'draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown',
];
const PRIORITIES: readonly RequestPriority[] = ['routine', 'urgent', 'asap', 'stat'];
const OBSERVATION_STATUSES: readonly ObservationStatus[] = [
  'registered', 'preliminary', 'final', 'amended', 'corrected', 'cancelled', 'entered-in-error', 'unknown',
];
const REPORT_STATUSES: readonly DiagnosticReportStatus[] = [
  'registered', 'partial', 'preliminary', 'final', 'amended', 'corrected', 'appended', 'cancelled',
  'entered-in-error', 'unknown',
];
const EVENT_STATUSES: readonly EventStatus[] = [
  'preparation', 'in-progress', 'not-done', 'on-hold', 'stopped', 'completed', 'entered-in-error', 'unknown',
];

/** FHIR R4 ServiceRequest (a lab order), the subset §3 needs. */
export class ServiceRequestDto implements ServiceRequestPayload {
  @Equals('ServiceRequest') resourceType!: 'ServiceRequest';
  @IsOptional() @Text() id?: string;
  @IsIdentifierList() identifier!: Identifier[];
  @IsIn(SERVICE_REQUEST_STATUSES) status!: ServiceRequestStatus;
  @IsOptional() @IsIn([...REQUEST_INTENTS, 'directive']) intent?: ServiceRequestPayload['intent'];
  @IsOptional() @IsCodeableConceptList() category?: CodeableConcept[];
  @IsOptional() @IsCodeableConcept() code?: CodeableConcept;
  @IsOptional() @IsIn(PRIORITIES) priority?: RequestPriority;
  @IsIdentifierReference() subject!: IdentifierReference;
  @IsOptional() @IsInstant() authoredOn?: string;
}

/** `Specimen.collection`. */
export class SpecimenCollectionDto {
  @IsInstant() collectedDateTime!: string;
}

/** FHIR R4 Specimen, the subset §3 needs. */
export class SpecimenDto implements SpecimenPayload {
  @Equals('Specimen') resourceType!: 'Specimen';
  @IsOptional() @Text() id?: string;
  @IsOptional() @IsIdentifierList() identifier?: Identifier[];
  @IsOptional() @IsIn(['available', 'unavailable', 'unsatisfactory', 'entered-in-error'])
  status?: SpecimenPayload['status'];
  @IsOptional() @IsIdentifierReference() subject?: IdentifierReference;
  @IsIdentifierReferenceList() request!: IdentifierReference[];
  @NestedObject(() => SpecimenCollectionDto) collection!: SpecimenCollectionDto;
}

/** FHIR R4 Observation as contained in a DiagnosticReport. */
export class ObservationDto implements ObservationPayload {
  @Equals('Observation') resourceType!: 'Observation';
  @IsOptional() @Text() id?: string;
  @IsIn(OBSERVATION_STATUSES) status!: ObservationStatus;
  @IsCodeableConcept() code!: CodeableConcept;
  @IsOptional() @IsQuantity() valueQuantity?: Quantity;
  @IsOptional() @IsString() valueString?: string;
  @IsOptional() @IsCodeableConceptList() interpretation?: CodeableConcept[];
}

/** FHIR R4 DiagnosticReport (a lab result), the subset §3 needs. */
export class DiagnosticReportDto implements DiagnosticReportPayload {
  @Equals('DiagnosticReport') resourceType!: 'DiagnosticReport';
  @IsOptional() @Text() id?: string;
  @IsIdentifierList() identifier!: Identifier[];
  @IsIdentifierReferenceList() basedOn!: IdentifierReference[];
  @IsIn(REPORT_STATUSES) status!: DiagnosticReportStatus;
  @IsCodeableConcept() code!: CodeableConcept;
  @IsOptional() @IsIdentifierReference() subject?: IdentifierReference;
  @IsOptional() @IsInstant() effectiveDateTime?: string;
  @IsInstant() issued!: string;
  @IsOptional() @NestedArray(() => ObservationDto) contained?: ObservationDto[];
  @IsOptional() @IsReferenceList() result?: Reference[];
}

/** FHIR R4 Communication (a result reached the clinician's EHR), the subset §3 needs. */
export class CommunicationDto implements CommunicationPayload {
  @Equals('Communication') resourceType!: 'Communication';
  @IsOptional() @Text() id?: string;
  @IsOptional() @IsIdentifierList() identifier?: Identifier[];
  @IsIn(EVENT_STATUSES) status!: EventStatus;
  @IsOptional() @IsIdentifierReference() subject?: IdentifierReference;
  @IsIdentifierReferenceList() about!: IdentifierReference[];
  @IsOptional() @IsInstant() sent?: string;
  @IsInstant() received!: string;
}
