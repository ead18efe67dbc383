import {
  cloudEventHeaders,
  encodeCloudEvent,
  makeAppointmentBooked,
  makeMedicationAdministered,
  makeMedicationDiscontinued,
  makeMedicationOrdered,
  messageKeyOf,
  type CloudEventInput,
  type ErrorCode,
} from '@continuity/contracts';
import type { OutgoingMessage } from '../lib/client/producer';

/** A malformed message and the code the runner must reject it with (CONTRACT.md §7). */
export interface MalformedCase {
  /** Unique key of the message: how a test finds it again on the DLQ. */
  key: string;
  value: Buffer | null;
  expectedCode: ErrorCode;
}

/** What was published and what the store, the rejected table and the DLQ must end up holding. */
export interface Dataset {
  /** In publication order: valid events, malformed ones and re-sent duplicates interleaved. */
  messages: OutgoingMessage[];
  /** `source#id` of every distinct valid event. */
  validEventKeys: Set<string>;
  malformed: MalformedCase[];
  duplicates: number;
}

export interface DatasetOptions {
  valid: number;
  malformed: number;
  /** Share of the valid events published a second time, later (e.g. 0.02). */
  duplicateRatio: number;
  seed: number;
  patients?: number;
}

/** Header every malformed message carries, to check the DLQ keeps the original headers. */
export const MARKER_HEADER = 'x-test-marker';

/** mulberry32: a small seeded PRNG, so a failing run can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const structured = (input: CloudEventInput): OutgoingMessage => ({
  key: messageKeyOf(input),
  value: encodeCloudEvent(input),
  headers: cloudEventHeaders(),
});

/** The i-th valid prescription event: orders, administrations and discontinuations of many patients. */
export function validEvent(i: number, patients: number, runId: string): CloudEventInput {
  const patientKey = `P${runId}${String(i % patients).padStart(6, '0')}`;
  const order = `RX-${runId}-${Math.floor(i / 3)}`;
  const o = { id: `ev-${runId}-${i}`, patientKey, order, time: `2024-08-03T${String(i % 24).padStart(2, '0')}:10:00Z` };
  switch (i % 3) {
    case 0:
      return makeMedicationOrdered(o);
    case 1:
      return makeMedicationAdministered(o);
    default:
      return makeMedicationDiscontinued(o);
  }
}

type Breaker = (base: CloudEventInput, n: number) => { value: Buffer | null; code: ErrorCode };

const asJson = (doc: unknown): Buffer => Buffer.from(JSON.stringify(doc), 'utf8');
const envelopeOf = (base: CloudEventInput): Record<string, unknown> => JSON.parse(encodeCloudEvent(base).toString('utf8'));

/** One way of breaking the contract per entry, each with the code §7 expects. */
const BREAKERS: Breaker[] = [
  (_b, n) => ({ value: Buffer.from(`{"specversion": "1.0", "id": "broken-${n}"`, 'utf8'), code: 'CONTRACT.INVALID_JSON' }),
  (_b, n) => ({ value: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, n % 250, 0x7d]), code: 'CONTRACT.INVALID_JSON' }),
  (_b, n) => ({ value: asJson([1, 2, n]), code: 'CONTRACT.NOT_CLOUDEVENT' }),
  (b) => {
    const doc = envelopeOf(b);
    delete doc['specversion'];
    return { value: asJson(doc), code: 'CONTRACT.NOT_CLOUDEVENT' };
  },
  (b, n) => {
    // A prescription event carrying an Appointment.
    const doc = envelopeOf(b);
    doc['data'] = makeAppointmentBooked({ patientKey: String(n) }).data;
    return { value: asJson(doc), code: 'CONTRACT.PAYLOAD_MISMATCH' };
  },
  (b) => {
    const doc = envelopeOf(b);
    delete doc['time'];
    return { value: asJson(doc), code: 'CONTRACT.MISSING_FIELD' };
  },
  (b) => {
    const doc = envelopeOf(b);
    delete doc['facility'];
    return { value: asJson(doc), code: 'CONTRACT.MISSING_FIELD' };
  },
  (b) => ({ value: asJson({ ...envelopeOf(b), time: 'yesterday at noon' }), code: 'CONTRACT.INVALID_TIMESTAMP' }),
  (b) => ({ value: asJson({ ...envelopeOf(b), time: '2024-08-03T12:10:00' }), code: 'CONTRACT.INVALID_TIMESTAMP' }),
  (b) => {
    const text = encodeCloudEvent(b).toString('utf8').replace('"data":{', '"data":{"__proto__":{"polluted":true},');
    return { value: Buffer.from(text, 'utf8'), code: 'CONTRACT.FORBIDDEN_KEY' };
  },
  (b) => {
    const text = encodeCloudEvent(b).toString('utf8').replace('"data":{', '"data":{"constructor":{"prototype":{}},');
    return { value: Buffer.from(text, 'utf8'), code: 'CONTRACT.FORBIDDEN_KEY' };
  },
  () => ({ value: null, code: 'CONTRACT.EMPTY_MESSAGE' }),
];

/** About 1 MB: over the contract's limit, under the broker's. */
export function oversized(base: CloudEventInput): Buffer {
  const doc = envelopeOf(base);
  (doc['data'] as Record<string, unknown>)['note'] = 'x'.repeat(1024 * 1024);
  return asJson(doc);
}

/**
 * Builds the publication: `valid` events over `patients` patients, `malformed` bad messages
 * (every breaker in turn, and exactly one ~1 MB message) at random places, and re-sends of
 * `duplicateRatio` of the valid ones, each after its original (same key, so same partition).
 */
export function buildDataset(options: DatasetOptions): Dataset {
  const random = seededRandom(options.seed);
  const runId = options.seed.toString(36);
  const patients = options.patients ?? 2000;
  const valid = Array.from({ length: options.valid }, (_, i) => validEvent(i, patients, runId));
  const messages: OutgoingMessage[] = valid.map(structured);

  const duplicates = Math.round(options.valid * options.duplicateRatio);
  for (let d = 0; d < duplicates; d += 1) {
    const position = Math.floor(random() * messages.length);
    const at = position + 1 + Math.floor(random() * (messages.length - position));
    messages.splice(at, 0, { ...messages[position] });
  }

  const malformed: MalformedCase[] = [];
  for (let n = 0; n < options.malformed; n += 1) {
    const key = `bad-${runId}-${String(n).padStart(4, '0')}`;
    const base = makeMedicationOrdered({ id: `bad-${runId}-${n}`, patientKey: `B${runId}${n}`, order: `RX-BAD-${n}` });
    const { value, code } = n === 0 ? { value: oversized(base), code: 'CONTRACT.TOO_LARGE' as const } : BREAKERS[n % BREAKERS.length](base, n);
    malformed.push({ key, value, expectedCode: code });
    const at = Math.floor(random() * (messages.length + 1));
    messages.splice(at, 0, { key, value, headers: { ...cloudEventHeaders(), [MARKER_HEADER]: key } });
  }

  return {
    messages,
    validEventKeys: new Set(valid.map((e) => `${e.source}#${e.id}`)),
    malformed,
    duplicates,
  };
}

/**
 * Splits a publication into sends: at most `perSend` messages, and any message over 512 KiB
 * alone (kafkajs makes one record batch per partition and send, which the broker caps).
 */
export function publicationBatches(messages: readonly OutgoingMessage[], perSend: number): OutgoingMessage[][] {
  const out: OutgoingMessage[][] = [];
  let current: OutgoingMessage[] = [];
  for (const m of messages) {
    const big = (m.value?.length ?? 0) > 512 * 1024;
    if (current.length > 0 && (big || current.length >= perSend)) {
      out.push(current);
      current = [];
    }
    current.push(m);
    if (big) {
      out.push(current);
      current = [];
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}
