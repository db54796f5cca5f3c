/**
 * What a client app's key may do. Each route declares the scope it needs (access-rule.decorator.ts); a key holds one
 * or more. Scopes are independent: `admin` does not imply the others, so an operator key cannot read feeds unless it
 * says so.
 * - `travel`: the travel feed and events about places
 * - `networking`: the discovery feed and events about members
 * - `catalog`: writes of places and members, and of relations between members (blocks, connections)
 * - `admin`: operator endpoints (search artifacts, metrics, and any route that declares nothing)
 */
export const API_SCOPES = ['travel', 'networking', 'catalog', 'admin'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export function isApiScope(value: unknown): value is ApiScope {
  return (API_SCOPES as readonly unknown[]).includes(value);
}
