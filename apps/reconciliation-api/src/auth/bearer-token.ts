/** Longest bearer token looked at; longer headers are refused without hashing them. */
const MAX_TOKEN_LENGTH = 512;

/**
 * The token of an `Authorization: Bearer <token>` header (RFC 6750, scheme case-insensitive), or
 * null when the header is absent, of another scheme, empty or absurdly long.
 */
export function bearerTokenOf(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer[ ]+([^\s]+)[ ]*$/i.exec(header);
  if (match === null) return null;
  const token = match[1];
  return token.length > MAX_TOKEN_LENGTH ? null : token;
}
