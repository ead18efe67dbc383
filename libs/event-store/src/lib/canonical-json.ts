/**
 * Canonical JSON: what `JSON.stringify` would give, with object keys sorted (UTF-16 code unit
 * order, as RFC 8785) and no whitespace. The hash chain hashes this form because PostgreSQL's
 * jsonb does not keep key order: a value read back from jsonb canonicalises to the same string.
 *
 * Follows JSON.stringify for plain JSON values and for `toJSON` (Dates); undefined and functions
 * are dropped from objects and nulled in arrays, non-finite numbers are null, a top-level
 * undefined gives `null`. Boxed primitives (`new String()`) are not expected and not unwrapped.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '') ?? 'null';
}

/** Quoted keys, cached: payloads of one type repeat the same few keys millions of times. */
const quotedKeys = new Map<string, string>();
/** Bounds the cache when payloads use data as keys. */
const MAX_CACHED_KEYS = 10_000;

function quoteKey(k: string): string {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = JSON.stringify(k);
    if (quotedKeys.size < MAX_CACHED_KEYS) quotedKeys.set(k, q);
  }
  return q;
}

function write(value: unknown, key: string): string | undefined {
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(k: string): unknown }).toJSON(key);
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // Number-to-string is what JSON.stringify uses for finite numbers.
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('canonicalJson: BigInt is not JSON; pass it as a string');
    case 'object':
      break;
    default: // undefined, function, symbol
      return undefined;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += write(value[i], String(i)) ?? 'null';
    }
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length > 1) keys.sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = write(obj[k], k);
    if (v === undefined) continue;
    out += (first ? '' : ',') + quoteKey(k) + ':' + v;
    first = false;
  }
  return out + '}';
}
