import type { ContractError } from './error-codes';

/** Keys that could reach an object's prototype if some later code merged the data naively. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

// A lone UTF-16 surrogate (from a "\ud800" escape): PostgreSQL jsonb refuses it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Deepest nesting accepted. FHIR resources stay far below it (a contained Observation's
 * interpretation coding is 8 levels down); far deeper JSON would overflow the recursive code
 * after us (JSON.stringify when storing, class-transformer) and crash a consumer in a loop.
 */
export const MAX_JSON_DEPTH = 64;

export type JsonResult = { ok: true; value: unknown } | { ok: false; error: ContractError };

/**
 * Decodes strict UTF-8 and parses JSON, then refuses what must never enter the store:
 * `__proto__`/`constructor`/`prototype` keys anywhere (FORBIDDEN_KEY), and strings holding
 * U+0000 or lone surrogates, which PostgreSQL jsonb cannot store (INVALID_FIELD).
 * `JSON.parse` itself creates such keys as plain own properties, so parsing is safe; the walk
 * only runs when the raw text could contain one of them, which keeps the common path fast.
 * The detail never quotes the input (it could hold patient data), only positions and paths.
 */
export function parseJsonStrict(bytes: Uint8Array, field: string): JsonResult {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return fail('CONTRACT.INVALID_JSON', field, `${field}: not valid UTF-8`);
  }
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    return fail('CONTRACT.INVALID_FIELD', field, `${field}: JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const at = /position (\d+)/.exec(e instanceof Error ? e.message : '');
    return fail('CONTRACT.INVALID_JSON', field, `${field}: not valid JSON${at ? ` (at position ${at[1]})` : ''}`);
  }
  if (mayHoldUnsafeContent(text)) {
    const error = findUnsafeContent(value, field);
    if (error !== null) return { ok: false, error };
  }
  return { ok: true, value };
}

/** True when brackets outside strings nest deeper than `limit` (run before parsing: cheap, no recursion). */
export function nestsDeeperThan(text: string, limit: number): boolean {
  if (text.length <= 2 * limit) return false; // each level takes at least two characters
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

function mayHoldUnsafeContent(text: string): boolean {
  return (
    text.includes('\\u') || // any escape could spell a forbidden key, a NUL or a surrogate
    text.includes('__proto__') ||
    text.includes('constructor') ||
    text.includes('prototype')
  );
}

/**
 * Walks a parsed JSON value without recursion (so no depth can overflow the stack) and
 * returns the first forbidden key or unstorable string, with its path.
 */
export function findUnsafeContent(root: unknown, rootPath: string): ContractError | null {
  const values: unknown[] = [root];
  const paths: string[] = [rootPath];
  while (values.length > 0) {
    const value = values.pop();
    const path = paths.pop() as string;
    if (typeof value === 'string') {
      if (!isStorable(value)) return unstorable(path);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        values.push(value[i]);
        paths.push(`${path}[${i}]`);
      }
    } else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        const child = `${path}.${key}`;
        if (FORBIDDEN_KEYS.has(key)) {
          return { code: 'CONTRACT.FORBIDDEN_KEY', field: child, detail: `${child}: key "${key}" is forbidden` };
        }
        if (!isStorable(key)) return unstorable(child);
        values.push((value as Record<string, unknown>)[key]);
        paths.push(child);
      }
    }
  }
  return null;
}

/** False for text PostgreSQL cannot store (U+0000, lone surrogates). */
export const isStorable = (text: string): boolean => !text.includes('\u0000') && !LONE_SURROGATE.test(text);

function unstorable(path: string): ContractError {
  return { code: 'CONTRACT.INVALID_FIELD', field: path, detail: `${path}: contains U+0000 or a lone surrogate` };
}

function fail(code: ContractError['code'], field: string, detail: string): JsonResult {
  return { ok: false, error: { code, field, detail } };
}
