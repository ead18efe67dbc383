/**
 * Kafka record headers as this lib handles them. A header may repeat (Kafka allows it), hence
 * the array form; values are raw bytes on the consumer side and bytes or UTF-8 text when sending.
 */
export type HeaderValue = Buffer | string;
export type MessageHeaders = Record<string, HeaderValue | HeaderValue[]>;

/**
 * How a header value is kept in the outbox's jsonb column: text when the bytes are UTF-8 that
 * jsonb can hold (no NUL), otherwise base64 so the original bytes come back untouched.
 */
export type StoredHeaderValue = string | { base64: string };
export type StoredHeaders = Record<string, StoredHeaderValue | StoredHeaderValue[]>;

// ignoreBOM keeps a leading BOM in the text, so text -> UTF-8 gives the same bytes back.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function storeValue(value: HeaderValue): StoredHeaderValue {
  // Strings go through their UTF-8 bytes: what kafkajs would send, and no lone surrogates reach jsonb.
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  try {
    const text = strictUtf8.decode(bytes);
    // jsonb rejects \u0000 in strings: keep those as base64.
    if (!text.includes('\u0000')) return text;
  } catch {
    // not UTF-8: fall through to base64
  }
  return { base64: bytes.toString('base64') };
}

function loadValue(value: StoredHeaderValue): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value.base64, 'base64');
}

/** Null-prototype record, so a header named `__proto__` is an ordinary entry. */
function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * Encodes headers for a jsonb column, values byte-exact. A NUL in a header name (which jsonb
 * cannot hold) becomes U+FFFD; kafkajs has already decoded names as lossy UTF-8 anyway.
 */
export function storeHeaders(headers: MessageHeaders | undefined): StoredHeaders {
  const out = emptyRecord<StoredHeaderValue | StoredHeaderValue[]>();
  for (const [name, value] of Object.entries(headers ?? {})) {
    out[name.replaceAll('\u0000', '\uFFFD')] = Array.isArray(value) ? value.map(storeValue) : storeValue(value);
  }
  return out;
}

/** Decodes the outbox's jsonb headers back to bytes, as they were enqueued. */
export function loadHeaders(stored: StoredHeaders | null | undefined): Record<string, Buffer | Buffer[]> {
  const out = emptyRecord<Buffer | Buffer[]>();
  for (const [name, value] of Object.entries(stored ?? {})) {
    out[name] = Array.isArray(value) ? value.map(loadValue) : loadValue(value);
  }
  return out;
}

/**
 * Copies the headers of a consumed kafkajs message into our type, dropping the `undefined`
 * entries kafkajs's typing allows and keeping a `__proto__` header as data.
 */
export function copyHeaders(
  headers: Record<string, HeaderValue | HeaderValue[] | undefined> | undefined,
): MessageHeaders {
  const out = emptyRecord<HeaderValue | HeaderValue[]>();
  if (!headers) return out;
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** The first value of a header as text, or undefined (for reading `x-*` headers back). */
export function headerText(headers: Record<string, HeaderValue | HeaderValue[] | undefined> | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return undefined;
  return typeof first === 'string' ? first : first.toString('utf8');
}
