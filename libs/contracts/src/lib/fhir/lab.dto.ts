import { Equals, IsIn, IsNumber, IsOptional, IsString } from 'class-validator';
import {
  CodeableConceptDto,
  IdentifierDto,
  IdentifierReferenceDto,
  IsInstant,
  NestedArray,
  NestedObject,
  ReferenceDto,
  Text,
} from './datatypes.dto';
import { REQUEST_INTENTS } from './medication.dto';
import type {
  CommunicationPayload,
  DiagnosticReportPayload,
  DiagnosticReportStatus,
  EventStatus,
  ObservationPayload,
  ObservationStatus,
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
  @NestedArray(() => IdentifierDto) identifier!: IdentifierDto[];
  @IsIn(SERVICE_REQUEST_STATUSES) status!: ServiceRequestStatus;
  @IsOptional() @IsIn([...REQUEST_INTENTS, 'directive']) intent?: ServiceRequestPayload['intent'];
  @IsOptional() @NestedArray(() => CodeableConceptDto) category?: CodeableConceptDto[];
  @IsOptional() @NestedObject(() => CodeableConceptDto) code?: CodeableConceptDto;
  @IsOptional() @IsIn(PRIORITIES) priority?: RequestPriority;
  @NestedObject(() => IdentifierReferenceDto) subject!: IdentifierReferenceDto;
  @IsOptional() @IsInstant() authoredOn?: string;
}

export class SpecimenCollectionDto {
  @IsInstant() collectedDateTime!: string;
}

/** FHIR R4 Specimen, the subset §3 needs. */
export class SpecimenDto implements SpecimenPayload {
  @Equals('Specimen') resourceType!: 'Specimen';
  @IsOptional() @Text() id?: string;
  @IsOptional() @NestedArray(() => IdentifierDto) identifier?: IdentifierDto[];
  @IsOptional() @IsIn(['available', 'unavailable', 'unsatisfactory', 'entered-in-error'])
  status?: SpecimenPayload['status'];
  @IsOptional() @NestedObject(() => IdentifierReferenceDto) subject?: IdentifierReferenceDto;
  @NestedArray(() => IdentifierReferenceDto) request!: IdentifierReferenceDto[];
  @NestedObject(() => SpecimenCollectionDto) collection!: SpecimenCollectionDto;
}

export class QuantityDto {
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) value?: number;
  @IsOptional() @IsString() unit?: string;
  @IsOptional() @IsString() system?: string;
  @IsOptional() @IsString() code?: string;
}

/** FHIR R4 Observation as contained in a DiagnosticReport. */
export class ObservationDto implements ObservationPayload {
  @Equals('Observation') resourceType!: 'Observation';
  @IsOptional() @Text() id?: string;
  @IsIn(OBSERVATION_STATUSES) status!: ObservationStatus;
  @NestedObject(() => CodeableConceptDto) code!: CodeableConceptDto;
  @IsOptional() @NestedObject(() => QuantityDto) valueQuantity?: QuantityDto;
  @IsOptional() @IsString() valueString?: string;
  @IsOptional() @NestedArray(() => CodeableConceptDto) interpretation?: CodeableConceptDto[];
}

/** FHIR R4 DiagnosticReport (a lab result), the subset §3 needs. */
export class DiagnosticReportDto implements DiagnosticReportPayload {
  @Equals('DiagnosticReport') resourceType!: 'DiagnosticReport';
  @IsOptional() @Text() id?: string;
  @NestedArray(() => IdentifierDto) identifier!: IdentifierDto[];
  @NestedArray(() => IdentifierReferenceDto) basedOn!: IdentifierReferenceDto[];
  @IsIn(REPORT_STATUSES) status!: DiagnosticReportStatus;
  @NestedObject(() => CodeableConceptDto) code!: CodeableConceptDto;
  @IsOptional() @NestedObject(() => IdentifierReferenceDto) subject?: IdentifierReferenceDto;
  @IsOptional() @IsInstant() effectiveDateTime?: string;
  @IsInstant() issued!: string;
  @IsOptional() @NestedArray(() => ObservationDto) contained?: ObservationDto[];
  @IsOptional() @NestedArray(() => ReferenceDto) result?: ReferenceDto[];
}

/** FHIR R4 Communication (a result reached the clinician's EHR), the subset §3 needs. */
export class CommunicationDto implements CommunicationPayload {
  @Equals('Communication') resourceType!: 'Communication';
  @IsOptional() @Text() id?: string;
  @IsOptional() @NestedArray(() => IdentifierDto) identifier?: IdentifierDto[];
  @IsIn(EVENT_STATUSES) status!: EventStatus;
  @IsOptional() @NestedObject(() => IdentifierReferenceDto) subject?: IdentifierReferenceDto;
  @NestedArray(() => IdentifierReferenceDto) about!: IdentifierReferenceDto[];
  @IsOptional() @IsInstant() sent?: string;
  @IsInstant() received!: string;
}
