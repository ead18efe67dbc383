/**
 * Canonical JSON: what `JSON.stringify` would give, with object keys sorted (UTF-16 code unit
 * order, as RFC 8785) and no whitespace. The hash chain hashes this form because PostgreSQL's
 * jsonb does not keep key order: a value read back from jsonb canonicalises to the same string.
 *
 * Follows JSON.stringify for everything else (`toJSON`, undefined and functions dropped from
 * objects and nulled in arrays, non-finite numbers as null); a top-level undefined gives `null`.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '') ?? 'null';
}

function write(value: unknown, key: string): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(k: string): unknown }).toJSON(key);
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('canonicalJson: BigInt is not JSON; pass it as a string');
    case 'undefined':
    case 'function':
    case 'symbol':
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
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = write(obj[k], k);
    if (v === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(k) + ':' + v;
    first = false;
  }
  return out + '}';
}
