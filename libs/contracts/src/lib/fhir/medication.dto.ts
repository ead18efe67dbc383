import { Equals, IsIn, IsOptional } from 'class-validator';
import {
  IsCodeableConcept,
  IsCodeableConceptList,
  IsDispenseRequest,
  IsDosageList,
  IsIdentifierList,
  IsIdentifierReference,
  IsInstant,
  Text,
} from './decorators';
import type {
  CodeableConcept,
  DispenseRequest,
  Dosage,
  Identifier,
  IdentifierReference,
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

/** FHIR R4 MedicationRequest, the subset §3 needs. */
export class MedicationRequestDto implements MedicationRequestPayload {
  @Equals('MedicationRequest') resourceType!: 'MedicationRequest';
  @IsOptional() @Text() id?: string;
  @IsIdentifierList() identifier!: Identifier[];
  @IsIn(MEDICATION_REQUEST_STATUSES) status!: MedicationRequestStatus;
  @IsIn(REQUEST_INTENTS) intent!: MedicationRequestIntent;
  @IsIdentifierReference() subject!: IdentifierReference;
  @IsCodeableConcept() medicationCodeableConcept!: CodeableConcept;
  @IsOptional() @IsInstant() authoredOn?: string;
  @IsOptional() @IsDosageList() dosageInstruction?: Dosage[];
  @IsOptional() @IsDispenseRequest() dispenseRequest?: DispenseRequest;
}

/** FHIR R4 MedicationAdministration, the subset §3 needs. */
export class MedicationAdministrationDto implements MedicationAdministrationPayload {
  @Equals('MedicationAdministration') resourceType!: 'MedicationAdministration';
  @IsOptional() @Text() id?: string;
  @IsOptional() @IsIdentifierList() identifier?: Identifier[];
  @IsIn(ADMINISTRATION_STATUSES) status!: MedicationAdministrationStatus;
  @IsOptional() @IsCodeableConcept() medicationCodeableConcept?: CodeableConcept;
  @IsIdentifierReference() subject!: IdentifierReference;
  @IsIdentifierReference() request!: IdentifierReference;
  @IsInstant() effectiveDateTime!: string;
  @IsOptional() @IsCodeableConceptList() statusReason?: CodeableConcept[];
}
