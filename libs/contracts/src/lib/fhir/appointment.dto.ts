import { Equals, IsIn, IsOptional } from 'class-validator';
import {
  IsCodeableConceptList,
  IsIdentifierList,
  IsInstant,
  IsReference,
  NestedArray,
  Text,
} from './decorators';
import type {
  AppointmentParticipant,
  AppointmentPayload,
  AppointmentStatus,
  CodeableConcept,
  Identifier,
  Reference,
} from './payloads';

const APPOINTMENT_STATUSES: readonly AppointmentStatus[] = [
  'proposed', 'pending', 'booked', 'arrived', 'fulfilled', 'cancelled', 'noshow', 'entered-in-error',
  'checked-in', 'waitlist',
];

/** `Appointment.participant`. */
export class AppointmentParticipantDto implements AppointmentParticipant {
  @IsOptional() @IsCodeableConceptList() type?: CodeableConcept[];
  @IsOptional() @IsReference() actor?: Reference;
  @IsOptional() @IsIn(['accepted', 'declined', 'tentative', 'needs-action'])
  status?: AppointmentParticipant['status'];
}

/** FHIR R4 Appointment (a booking or OR slot), the subset §3 needs. */
export class AppointmentDto implements AppointmentPayload {
  @Equals('Appointment') resourceType!: 'Appointment';
  @IsOptional() @Text() id?: string;
  @IsIdentifierList() identifier!: Identifier[];
  @IsIn(APPOINTMENT_STATUSES) status!: AppointmentStatus;
  @IsOptional() @IsCodeableConceptList() serviceType?: CodeableConcept[];
  @IsOptional() @IsInstant() start?: string;
  @IsOptional() @IsInstant() end?: string;
  @NestedArray(() => AppointmentParticipantDto) participant!: AppointmentParticipantDto[];
}
