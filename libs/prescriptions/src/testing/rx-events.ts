import {
  ATC_SYSTEM,
  encodeCloudEvent,
  FIXTURE_RX_ORDER_SYSTEM,
  makeDowntimeEnded,
  makeDowntimeStarted,
  makeMedicationAdministered,
  makeMedicationDiscontinued,
  makeMedicationOrdered,
  parseMessage,
  TOPICS,
  type CloudEventInput,
  type EntryMode,
  type ParsedEvent,
} from '@continuity/contracts';

/**
 * Factories of prescription events for tests, as `parseMessage` returns them: each one is built
 * with the contract's fixtures, encoded and parsed, so a test can only feed the rules events the
 * contract accepts. Times are ISO strings; only what a test cares about needs saying.
 */

/** System of the placer identifiers these factories use. */
export const RX_ORDER_SYSTEM = FIXTURE_RX_ORDER_SYSTEM;
/** System of the administrations' own identifiers. */
export const RX_ADMINISTRATION_SYSTEM = 'urn:continuity:fixture:rx-administration';

/** The reference outage of the tests: D = [T0, T1], a weekend without the EHR. */
export const T0 = '2024-08-03T10:00:00Z';
export const T1 = '2024-08-04T18:00:00Z';

const HOUR = 3_600_000;

/** The ISO time `h` hours after `iso` (negative: before). */
export function plus(iso: string, h: number): string {
  return new Date(Date.parse(iso) + h * HOUR).toISOString();
}

/** How and when an event was entered; default real time, recorded when it happened. */
export interface Entry {
  entry?: EntryMode;
  /** `recordedtime`; default: the clinical time. */
  recordedAt?: string;
  facility?: string;
  patient?: string;
  id?: string;
  source?: string;
}

let seq = 0;

function parsed(input: CloudEventInput, topic: string): ParsedEvent {
  const result = parseMessage({ topic, key: Buffer.from(input.subject ?? input.facility), value: encodeCloudEvent(input) });
  if (!result.ok) throw new Error(`test event breaks the contract: ${result.error.detail}`);
  return result.event;
}

function envelope(e: Entry, time: string, kind: string) {
  return {
    id: e.id ?? `${kind}-${++seq}`,
    source: e.source,
    time,
    recordedtime: e.recordedAt,
    entrymode: e.entry,
    facility: e.facility ?? 'AVC',
    patientKey: e.patient ?? 'PAT-1',
  };
}

function concept(atc: string, drug: string | undefined) {
  return { coding: [{ system: ATC_SYSTEM, code: atc, ...(drug === undefined ? {} : { display: drug }) }] };
}

/** A medication order (`prescription.ordered`). */
export interface OrderInput extends Entry {
  /** Placer number, default RX-1. */
  order?: string;
  /** ATC substance, default B01AB05 (enoxaparin). */
  atc?: string;
  drug?: string;
  /** Clinical time and authoredOn. */
  at: string;
  /** Hours between doses (`timing.repeat` period h, frequency 1); null: no dosing timing. Default 12. */
  everyHours?: number | null;
  /** `dispenseRequest.validityPeriod`. */
  validFrom?: string;
  validTo?: string;
}

export function order(o: OrderInput): ParsedEvent {
  const atc = o.atc ?? 'B01AB05';
  const validity = o.validFrom !== undefined || o.validTo !== undefined ? { start: o.validFrom, end: o.validTo } : undefined;
  const input = makeMedicationOrdered({
    ...envelope(o, o.at, 'order'),
    source: o.source ?? `urn:continuity:system:orbis:${o.facility ?? 'AVC'}`,
    order: o.order ?? 'RX-1',
    authoredOn: o.at,
    data: {
      medicationCodeableConcept: concept(atc, o.drug ?? (o.atc === undefined ? 'enoxaparin' : undefined)),
      dosageInstruction:
        o.everyHours === null ? undefined : [{ timing: { repeat: { frequency: 1, period: o.everyHours ?? 12, periodUnit: 'h' } } }],
      ...(validity ? { dispenseRequest: { validityPeriod: validity } } : {}),
    },
  });
  if (o.everyHours === null) delete input.data.dosageInstruction;
  return parsed(input, TOPICS.prescriptions);
}

/** The end of an order (`prescription.discontinued`). */
export interface StopInput extends Entry {
  order?: string;
  atc?: string;
  at: string;
  status?: 'stopped' | 'cancelled' | 'completed';
}

export function stop(o: StopInput): ParsedEvent {
  return parsed(
    makeMedicationDiscontinued({
      ...envelope(o, o.at, 'stop'),
      source: o.source ?? `urn:continuity:system:orbis:${o.facility ?? 'AVC'}`,
      order: o.order ?? 'RX-1',
      atc: o.atc ?? 'B01AB05',
      status: o.status ?? 'stopped',
    }),
    TOPICS.prescriptions,
  );
}

/** A dose charted on the MAR (`prescription.administered`). */
export interface DoseInput extends Entry {
  /** The order it references, default RX-1. */
  order?: string;
  /** ATC of the administration itself, default B01AB05; null: none (the order's is used). */
  atc?: string | null;
  drug?: string;
  /** `effectiveDateTime` and clinical time. */
  at: string;
  status?: 'completed' | 'not-done';
  /** The administration's own identifier value (default: none, the event stands for it). */
  dose?: string;
}

export function dose(o: DoseInput): ParsedEvent {
  const input = makeMedicationAdministered({
    ...envelope(o, o.at, 'dose'),
    source: o.source ?? `urn:continuity:system:mar:${o.facility ?? 'AVC'}`,
    order: o.order ?? 'RX-1',
    status: o.status ?? 'completed',
    effective: o.at,
    data: {
      ...(o.atc === null ? {} : { medicationCodeableConcept: concept(o.atc ?? 'B01AB05', o.drug) }),
      ...(o.dose === undefined ? {} : { identifier: [{ system: RX_ADMINISTRATION_SYSTEM, value: o.dose }] }),
    },
  });
  if (o.atc === null) delete input.data.medicationCodeableConcept;
  return parsed(input, TOPICS.prescriptions);
}

/** A declared downtime's start or end (`continuity.downtime.*`); default AVC, systems ehr and mar. */
export interface DowntimeInput {
  at: string;
  facility?: string;
  systems?: string[];
  id?: string;
}

export function downtimeStarted(o: DowntimeInput): ParsedEvent {
  return parsed(
    makeDowntimeStarted({ id: o.id ?? `dt-${++seq}`, time: o.at, scope: o.facility ?? 'AVC', systems: o.systems ?? ['ehr', 'mar'] }),
    TOPICS.downtime,
  );
}

export function downtimeEnded(o: DowntimeInput): ParsedEvent {
  return parsed(
    makeDowntimeEnded({ id: o.id ?? `dt-${++seq}`, time: o.at, scope: o.facility ?? 'AVC', systems: o.systems ?? ['ehr', 'mar'] }),
    TOPICS.downtime,
  );
}

/** Both ends of the reference outage D = [T0, T1] (or another one). */
export function declaredDowntime(from = T0, to = T1, o: Omit<DowntimeInput, 'at'> = {}): ParsedEvent[] {
  return [downtimeStarted({ ...o, at: from }), downtimeEnded({ ...o, at: to })];
}

/** Entry options of a paper record typed in after the downtime, at `recordedAt`. */
export function backEntered(recordedAt: string): Pick<Entry, 'entry' | 'recordedAt'> {
  return { entry: 'backentry', recordedAt };
}
