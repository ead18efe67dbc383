import { randomBytes } from 'node:crypto';

/** Roles the development keys get: enough to read and close tasks, replay and declare downtimes. */
export const DEV_KEY_ROLES = ['officer', 'auditor', 'admin'] as const;
export type DevKeyRole = (typeof DEV_KEY_ROLES)[number];

/** One key of the session: its `API_KEYS` name, role and secret (the bearer token). */
export interface DevKey {
  name: string;
  role: DevKeyRole;
  secret: string;
}

/**
 * One random key per role for this run of the stack. `API_KEYS` gives each key a single role and
 * refuses two keys sharing a secret, hence one secret per role. Secrets live only in this process,
 * the services' environment and the terminal, never in a file.
 */
export function generateDevKeys(random: (bytes: number) => Buffer = randomBytes): DevKey[] {
  return DEV_KEY_ROLES.map((role) => ({ name: `dev-${role}`, role, secret: `dev-${role}-${random(18).toString('base64url')}` }));
}

/** The `API_KEYS` value (CONTRACT.md §5: `name:role:secret,…`). */
export function apiKeysVariable(keys: readonly DevKey[]): string {
  return keys.map((k) => `${k.name}:${k.role}:${k.secret}`).join(',');
}
