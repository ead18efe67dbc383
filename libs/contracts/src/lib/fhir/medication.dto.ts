import { Equals, IsIn, IsOptional } from 'class-validator';
import {
  CodeableConceptDto,
  DosageDto,
  IdentifierDto,
  IdentifierReferenceDto,
  IsInstant,
  NestedArray,
  NestedObject,
  PeriodDto,
  Text,
} from './datatypes.dto';
import type {
  MedicationAdministrationPayload,
  MedicationAdministrationStatus,
  MedicationRequestIntent,
  MedicationRequestPayload,
  MedicationRequestStatus,
} from './payloads';

const MEDICATION_REQUEST_STATUSES: readonly MedicationRequestStatus[] = [
  'active', 'on-hold', 'cancelled', 'completed', 'entered-in-error', 'stopped', 'draft', 'unknown',
];
export const REQUEST_INTENTS: readonly MedicationRequestIntent[] = [
  'proposal', 'plan', 'order', 'original-order', 'reflex-order', 'filler-order', 'instance-order', 'option',
];
const ADMINISTRATION_STATUSES: readonly MedicationAdministrationStatus[] = [
  'in-progress', 'not-done', 'on-hold', 'completed', 'entered-in-error', 'stopped', 'unknown',
];

export class DispenseRequestDto {
  @IsOptional() @NestedObject(() => PeriodDto) validityPeriod?: PeriodDto;
}

/** FHIR R4 MedicationRequest, the subset §3 needs. */
export class MedicationRequestDto implements MedicationRequestPayload {
  @Equals('MedicationRequest') resourceType!: 'MedicationRequest';
  @IsOptional() @Text() id?: string;
  @NestedArray(() => IdentifierDto) identifier!: IdentifierDto[];
  @IsIn(MEDICATION_REQUEST_STATUSES) status!: MedicationRequestStatus;
  @IsIn(REQUEST_INTENTS) intent!: MedicationRequestIntent;
  @NestedObject(() => IdentifierReferenceDto) subject!: IdentifierReferenceDto;
  @NestedObject(() => CodeableConceptDto) medicationCodeableConcept!: CodeableConceptDto;
  @IsOptional() @IsInstant() authoredOn?: string;
  @IsOptional() @NestedArray(() => DosageDto) dosageInstruction?: DosageDto[];
  @IsOptional() @NestedObject(() => DispenseRequestDto) dispenseRequest?: DispenseRequestDto;
}

/** FHIR R4 MedicationAdministration, the subset §3 needs. */
export class MedicationAdministrationDto implements MedicationAdministrationPayload {
  @Equals('MedicationAdministration') resourceType!: 'MedicationAdministration';
  @IsOptional() @Text() id?: string;
  @IsOptional() @NestedArray(() => IdentifierDto) identifier?: IdentifierDto[];
  @IsIn(ADMINISTRATION_STATUSES) status!: MedicationAdministrationStatus;
  @IsOptional() @NestedObject(() => CodeableConceptDto) medicationCodeableConcept?: CodeableConceptDto;
  @NestedObject(() => IdentifierReferenceDto) subject!: IdentifierReferenceDto;
  @NestedObject(() => IdentifierReferenceDto) request!: IdentifierReferenceDto;
  @IsInstant() effectiveDateTime!: string;
  @IsOptional() @NestedArray(() => CodeableConceptDto) statusReason?: CodeableConceptDto[];
}
