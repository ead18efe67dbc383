import { createHash, timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';

/** Roles of CONTRACT.md §5/§6. */
export const API_ROLES = ['officer', 'auditor', 'publisher', 'admin'] as const;
export type ApiRole = (typeof API_ROLES)[number];

const MASK = '***';

/**
 * One caller allowed by `API_KEYS`. The secret lives in a private field: it is absent from
 * `JSON.stringify`, `util.inspect`, `toString` and therefore from every log line; only
 * {@link ApiKey.matches} can use it.
 */
export class ApiKey {
  readonly #digest: Buffer;

  constructor(
    readonly name: string,
    readonly role: ApiRole,
    secret: string,
  ) {
    // Keep only a digest: equal-length buffers make the comparison constant-time.
    this.#digest = sha256(secret);
  }

  /** True when `candidate` (a bearer token) is this key's secret; constant-time. */
  matches(candidate: string): boolean {
    return timingSafeEqual(this.#digest, sha256(candidate));
  }

  toString(): string {
    return `${this.name}:${this.role}:${MASK}`;
  }

  toJSON(): { name: string; role: ApiRole; secret: string } {
    return { name: this.name, role: this.role, secret: MASK };
  }

  [inspect.custom](): string {
    return `ApiKey(${this.toString()})`;
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export type ApiKeysParse = { ok: true; keys: ApiKey[] } | { ok: false; detail: string };

/**
 * Parses `name:role:secret,…` (the secret may itself contain `:`). Empty or blank input is an
 * empty list. Errors name the entry by position and name, never by its secret.
 */
export function parseApiKeys(raw: string | undefined): ApiKeysParse {
  if (raw === undefined || raw.trim() === '') return { ok: true, keys: [] };
  const keys: ApiKey[] = [];
  const names = new Set<string>();
  const entries = raw.split(',');
  for (const [index, entry] of entries.entries()) {
    const where = `entry ${index + 1}`;
    const [name = '', role = '', ...rest] = entry.trim().split(':');
    const secret = rest.join(':');
    if (name === '' || rest.length === 0) return fail(`${where}: expected name:role:secret`);
    if (!isRole(role)) return fail(`${where} (${name}): role must be one of ${API_ROLES.join(', ')}`);
    if (secret === '') return fail(`${where} (${name}): secret is empty`);
    if (names.has(name)) return fail(`${where} (${name}): duplicate name`);
    const key = new ApiKey(name, role, secret);
    // Two callers sharing one secret could not be told apart.
    if (keys.some((k) => k.matches(secret))) return fail(`${where} (${name}): secret already used by another key`);
    names.add(name);
    keys.push(key);
  }
  return { ok: true, keys };
}

function isRole(value: string): value is ApiRole {
  return (API_ROLES as readonly string[]).includes(value);
}

function fail(detail: string): ApiKeysParse {
  return { ok: false, detail };
}
