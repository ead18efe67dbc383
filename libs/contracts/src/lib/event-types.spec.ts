import { cloudEventHeaders, encodeCloudEvent } from './cloud-event';
import { EVENT_TYPES, EVENT_TYPE_SPECS, isKnownEventType, specOfType, TASK_EVENT_TYPE } from './event-types';
import { isEventOfType } from './typed-events';
import { parseMessage } from './parse-message';
import { domainOfTopic, TOPICS } from './topics';
import { FIXTURE_FACTORIES, makeLabOrdered } from '../testing/fixtures';

describe('event types', () => {
  test('every type has a spec whose topic belongs to its domain, and a fixture of that type', () => {
    for (const type of Object.values(EVENT_TYPES)) {
      const spec = EVENT_TYPE_SPECS[type];
      expect(spec.type).toBe(type);
      expect(domainOfTopic(spec.topic)).toBe(spec.domain);
      expect(FIXTURE_FACTORIES[type]().type).toBe(type);
    }
    expect(Object.keys(EVENT_TYPE_SPECS).sort()).toEqual(Object.values(EVENT_TYPES).sort());
  });

  test('inherited property names are not types', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(specOfType(name)).toBeUndefined();
      expect(isKnownEventType(name)).toBe(false);
    }
    expect(isKnownEventType(TASK_EVENT_TYPE)).toBe(false);
  });

  test('isEventOfType narrows data to the payload', () => {
    const result = parseMessage({ topic: TOPICS.lab, key: null, value: encodeCloudEvent(makeLabOrdered({ loinc: '718-7' })), headers: cloudEventHeaders() });
    if (!result.ok) throw new Error(result.error.detail);
    expect(isEventOfType(result.event, EVENT_TYPES.labCancelled)).toBe(false);
    if (!isEventOfType(result.event, EVENT_TYPES.labOrdered)) throw new Error('not narrowed');
    expect(result.event.data.code?.coding?.[0].code).toBe('718-7');
  });
});
