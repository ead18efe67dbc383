import { apiKeysVariable, generateDevKeys } from './dev-keys';

describe('development keys', () => {
  it('gives officer, auditor and admin each its own random secret', () => {
    const keys = generateDevKeys();
    expect(keys.map((k) => k.role)).toEqual(['officer', 'auditor', 'admin']);
    expect(new Set(keys.map((k) => k.secret)).size).toBe(3);
    const again = generateDevKeys();
    expect(again.map((k) => k.secret)).not.toEqual(keys.map((k) => k.secret));
  });

  it('formats API_KEYS as name:role:secret entries', () => {
    const keys = generateDevKeys((n) => Buffer.alloc(n, 1));
    expect(apiKeysVariable(keys)).toBe(keys.map((k) => `dev-${k.role}:${k.role}:${k.secret}`).join(','));
    for (const k of keys) expect(k.secret).toMatch(/^dev-[a-z]+-[A-Za-z0-9_-]{24}$/);
  });
});
