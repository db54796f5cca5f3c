import type { IncomingHttpHeaders } from 'node:http';

/** The header a key may come in; named in every 401 and 403, so that a client sees which header was read. */
export const API_KEY_HEADER = 'x-api-key';

/** The key a request presents, and the header it came in; or why there is none to check. */
export type PresentedApiKey =
  { key: string; header: string } | { problem: 'missing' } | { problem: 'conflicting' };

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * The key in `x-api-key`, or in `Authorization: Bearer <key>` (RFC 6750; the scheme is case-insensitive). Both may
 * come, if they agree; two different keys are refused rather than one picked, so a proxy adding its own key cannot
 * silently change who the caller is. Another Authorization scheme (Basic) is no key.
 */
export function presentedApiKey(headers: IncomingHttpHeaders): PresentedApiKey {
  const header = headers[API_KEY_HEADER];
  // Node joins a repeated custom header with ', ': such a value matches no key, so it is a wrong key, not a missing one.
  const direct = typeof header === 'string' && header.trim() !== '' ? header.trim() : undefined;
  const authorization = headers.authorization;
  const bearer = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
  if (direct !== undefined && bearer !== undefined && direct !== bearer) return { problem: 'conflicting' };
  if (direct !== undefined) return { key: direct, header: API_KEY_HEADER };
  if (bearer !== undefined) return { key: bearer, header: 'Authorization' };
  return { problem: 'missing' };
}
