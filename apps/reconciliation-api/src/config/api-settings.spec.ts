import { DEFAULT_HEARTBEAT_SECONDS, DEFAULT_RATE_LIMIT_PER_MINUTE, parseApiSettings } from './api-settings';

describe('parseApiSettings', () => {
  it('applies the defaults when nothing is set', () => {
    expect(parseApiSettings({})).toEqual({ heartbeatSeconds: DEFAULT_HEARTBEAT_SECONDS, rateLimitPerMinute: DEFAULT_RATE_LIMIT_PER_MINUTE });
    expect(parseApiSettings({ API_HEARTBEAT_SECONDS: ' ' }).heartbeatSeconds).toBe(60);
  });

  it('reads good values, 0 turning the heartbeat off', () => {
    expect(parseApiSettings({ API_HEARTBEAT_SECONDS: '0', API_RATE_LIMIT_PER_MINUTE: '30' })).toEqual({ heartbeatSeconds: 0, rateLimitPerMinute: 30 });
  });

  it.each([
    ['API_HEARTBEAT_SECONDS', '-1'],
    ['API_HEARTBEAT_SECONDS', '1.5'],
    ['API_HEARTBEAT_SECONDS', 'often'],
    ['API_RATE_LIMIT_PER_MINUTE', '0'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    expect(() => parseApiSettings({ [name]: value })).toThrow(new RegExp(`^Invalid configuration: ${name} must be an integer`));
  });
});
