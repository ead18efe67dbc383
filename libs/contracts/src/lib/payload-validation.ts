import { validateSync, type ValidationError, type ValidatorOptions } from 'class-validator';
import type { ContractError, ErrorCode } from './error-codes';
import type { EventTypeSpec, PayloadKind } from './event-types';
import { AppointmentDto } from './fhir/appointment.dto';
import { explainConstraint, instantiate } from './fhir/decorators';
import { CommunicationDto, DiagnosticReportDto, ServiceRequestDto, SpecimenDto } from './fhir/lab.dto';
import { MedicationAdministrationDto, MedicationRequestDto } from './fhir/medication.dto';
import { checkPayloadRules } from './payload-rules';
import { DowntimeDto, HeartbeatDto } from './downtime.dto';

const DTO_BY_PAYLOAD: Readonly<Record<PayloadKind, new () => object>> = {
  MedicationRequest: MedicationRequestDto,
  MedicationAdministration: MedicationAdministrationDto,
  ServiceRequest: ServiceRequestDto,
  Specimen: SpecimenDto,
  DiagnosticReport: DiagnosticReportDto,
  Communication: CommunicationDto,
  Appointment: AppointmentDto,
  Downtime: DowntimeDto,
  Heartbeat: HeartbeatDto,
};

/** The class-validator DTO class of a payload kind. */
export const dtoOf = (kind: PayloadKind): (new () => object) => DTO_BY_PAYLOAD[kind];

// Built once: unknown fields are kept (FHIR resources carry many), the first failure per field is enough.
const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: false,
  forbidUnknownValues: false,
  skipMissingProperties: false,
  stopAtFirstError: true,
  validationError: { target: false, value: true },
};

/**
 * Checks `data` against the payload of its type: resourceType, the DTO (class-validator), then
 * what the type itself demands (legal statuses, required fields, PLAC identifier, ATC/LOINC codings).
 * Returns null when it conforms; never throws on any JSON value.
 */
export function validatePayload(spec: EventTypeSpec, data: unknown): ContractError | null {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { code: 'CONTRACT.PAYLOAD_MISMATCH', field: 'data', detail: `data: expected a JSON object for ${spec.type}` };
  }
  const record = data as Record<string, unknown>;
  if (spec.resourceType !== null && record.resourceType !== spec.resourceType) {
    const got = typeof record.resourceType === 'string' ? `"${clip(record.resourceType)}"` : 'none';
    return {
      code: 'CONTRACT.PAYLOAD_MISMATCH',
      field: 'data.resourceType',
      detail: `data.resourceType: ${spec.type} carries a ${spec.resourceType}, got ${got}`,
    };
  }
  const instance = instantiate(DTO_BY_PAYLOAD[spec.payload], record);
  const errors = validateSync(instance, VALIDATOR_OPTIONS);
  if (errors.length > 0) return toContractError(errors, 'data');
  return checkPayloadRules(spec, record);
}

/** Turns the first class-validator failure into a contract error naming the field path. */
function toContractError(errors: ValidationError[], root: string): ContractError {
  let error = errors[0];
  let path = `${root}.${error.property}`;
  // Descend to the first leaf that carries constraints.
  while (!error.constraints && error.children && error.children.length > 0) {
    error = error.children[0];
    path += /^\d+$/.test(error.property) ? `[${error.property}]` : `.${error.property}`;
  }
  const [name, message] = Object.entries(error.constraints ?? {})[0] ?? ['unknown', 'is invalid'];
  // A datatype constraint says exactly where below the field, and whether it is absent or a bad time.
  const issue = explainConstraint(name, error.value);
  if (issue !== null) {
    const code: ErrorCode =
      issue.kind === 'missing' ? 'CONTRACT.MISSING_FIELD' : issue.kind === 'timestamp' ? 'CONTRACT.INVALID_TIMESTAMP' : 'CONTRACT.PAYLOAD_MISMATCH';
    return { code, field: path + issue.path, detail: `${path + issue.path}: ${issue.reason}` };
  }
  if (error.value === undefined || error.value === null) {
    return { code: 'CONTRACT.MISSING_FIELD', field: path, detail: `${path}: is required` };
  }
  return { code: 'CONTRACT.PAYLOAD_MISMATCH', field: path, detail: `${path}: ${stripProperty(message, error.property)}` };
}

function stripProperty(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

const clip = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
