import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import fc from 'fast-check';
import { EVENT_TYPE_SPECS, type EventType } from './event-types';
import { instantiate } from './fhir/decorators';
import { dtoOf } from './payload-validation';
import { FIXTURE_FACTORIES } from '../testing/fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Every failing constraint as "path:constraint", to compare two validations. */
function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => [
    ...Object.keys(e.constraints ?? {}).map((c) => `${prefix}${e.property}:${c}`),
    ...flatten(e.children ?? [], `${prefix}${e.property}.`),
  ]);
}

/** Every path to a value inside a JSON tree (objects and arrays). */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}

function setAt(root: any, path: (string | number)[], value: unknown): any {
  if (path.length === 0) return value;
  let node = root;
  for (const k of path.slice(0, -1)) node = node[k];
  node[path[path.length - 1]] = value;
  return root;
}

const OPTIONS = { whitelist: false, forbidUnknownValues: false, stopAtFirstError: true, validationError: { target: false } };

describe('instantiate', () => {
  test('validates exactly as plainToInstance would, whatever JSON replaces any node of a payload', () => {
    const types = Object.keys(FIXTURE_FACTORIES) as EventType[];
    const arb = fc.constantFrom(...types).chain((type) => {
      const data = FIXTURE_FACTORIES[type]().data;
      return fc.record({ type: fc.constant(type), path: fc.constantFrom(...pathsOf(data).filter((p) => p.length > 0)), json: fc.jsonValue({ maxDepth: 3 }) });
    });
    fc.assert(
      fc.property(arb, ({ type, path, json }) => {
        const data = setAt(structuredClone(FIXTURE_FACTORIES[type]().data), path, json);
        const dto = dtoOf(EVENT_TYPE_SPECS[type].payload);
        const ours = flatten(validateSync(instantiate(dto, data), OPTIONS));
        const reference = flatten(validateSync(plainToInstance(dto, data) as object, OPTIONS));
        expect(ours).toEqual(reference);
      }),
      { numRuns: 400 },
    );
  });

  test('nested backbone elements become their DTO, datatypes stay plain', () => {
    const data = FIXTURE_FACTORIES['continuity.scheduling.booked']().data as any;
    const instance = instantiate(dtoOf('Appointment'), data) as any;
    expect(instance.constructor.name).toBe('AppointmentDto');
    expect(instance.participant[0].constructor.name).toBe('AppointmentParticipantDto');
    expect(instance.identifier[0].constructor).toBe(Object);
    expect(data.participant[0].constructor).toBe(Object); // the input is left untouched
  });
});
