import { DEFAULT_HEARTBEAT_SECONDS, DEFAULT_RATE_LIMIT_PER_MINUTE, parseApiSettings } from './api-settings';

describe('parseApiSettings', () => {
  it('applies the defaults when nothing is set', () => {
    expect(parseApiSettings({})).toEqual({
      heartbeatSeconds: DEFAULT_HEARTBEAT_SECONDS,
      rateLimitPerMinute: DEFAULT_RATE_LIMIT_PER_MINUTE,
      tasksTopic: null,
      downtimeTopic: null,
    });
    expect(parseApiSettings({ API_HEARTBEAT_SECONDS: ' ' }).heartbeatSeconds).toBe(60);
  });

  it('reads good values, 0 turning the heartbeat off', () => {
    expect(parseApiSettings({ API_HEARTBEAT_SECONDS: '0', API_RATE_LIMIT_PER_MINUTE: '30', API_TASKS_TOPIC: 'bench.tasks', API_DOWNTIME_TOPIC: 'bench.downtime' })).toEqual({
      heartbeatSeconds: 0,
      rateLimitPerMinute: 30,
      tasksTopic: 'bench.tasks',
      downtimeTopic: 'bench.downtime',
    });
  });

  it.each([
    ['API_HEARTBEAT_SECONDS', '-1'],
    ['API_HEARTBEAT_SECONDS', '1.5'],
    ['API_HEARTBEAT_SECONDS', 'often'],
    ['API_RATE_LIMIT_PER_MINUTE', '0'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    expect(() => parseApiSettings({ [name]: value })).toThrow(new RegExp(`^Invalid configuration: ${name} must be an integer`));
  });

  it('rejects a topic name Kafka would refuse', () => {
    expect(() => parseApiSettings({ API_TASKS_TOPIC: 'tasks topic' })).toThrow(/^Invalid configuration: API_TASKS_TOPIC must be a Kafka topic name/);
  });
});
