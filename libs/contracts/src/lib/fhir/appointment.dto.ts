import { Equals, IsIn, IsOptional } from 'class-validator';
import {
  CodeableConceptDto,
  IdentifierDto,
  IsInstant,
  NestedArray,
  NestedObject,
  ReferenceDto,
  Text,
} from './datatypes.dto';
import type { AppointmentParticipant, AppointmentPayload, AppointmentStatus } from './payloads';

const APPOINTMENT_STATUSES: readonly AppointmentStatus[] = [
  'proposed', 'pending', 'booked', 'arrived', 'fulfilled', 'cancelled', 'noshow', 'entered-in-error',
  'checked-in', 'waitlist',
];

export class AppointmentParticipantDto implements AppointmentParticipant {
  @IsOptional() @NestedArray(() => CodeableConceptDto) type?: CodeableConceptDto[];
  @IsOptional() @NestedObject(() => ReferenceDto) actor?: ReferenceDto;
  @IsOptional() @IsIn(['accepted', 'declined', 'tentative', 'needs-action'])
  status?: AppointmentParticipant['status'];
}

/** FHIR R4 Appointment (a booking or OR slot), the subset §3 needs. */
export class AppointmentDto implements AppointmentPayload {
  @Equals('Appointment') resourceType!: 'Appointment';
  @IsOptional() @Text() id?: string;
  @NestedArray(() => IdentifierDto) identifier!: IdentifierDto[];
  @IsIn(APPOINTMENT_STATUSES) status!: AppointmentStatus;
  @IsOptional() @NestedArray(() => CodeableConceptDto) serviceType?: CodeableConceptDto[];
  @IsOptional() @IsInstant() start?: string;
  @IsOptional() @IsInstant() end?: string;
  @NestedArray(() => AppointmentParticipantDto) participant!: AppointmentParticipantDto[];
}
