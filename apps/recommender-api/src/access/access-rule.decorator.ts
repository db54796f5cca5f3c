import { SetMetadata } from '@nestjs/common';
import { ApiScope } from './api-scope';

/**
 * What a request needs: every scope of `all`, and when `any` is given at least one of it. A request is charged (rate
 * limits) to each scope of `all` and to the first scope of `any` its key holds.
 */
export interface ScopeRequirement {
  all: readonly ApiScope[];
  any?: readonly ApiScope[];
}

/** A route's access: open to anyone, or the scopes a request needs (from what it is, e.g. an events batch's body). */
export type AccessRule =
  { open: true } | { open: false; requirementOf: (request: { body?: unknown }) => ScopeRequirement };

export const ACCESS_RULE = 'recommender:access-rule';

/**
 * A route a client may call only with a key holding `scope`; on a controller, for each of its routes. A route that
 * declares nothing needs `admin` (see ApiAccessGuard): forgetting a declaration closes a route, never opens it.
 */
export const RequireScope = (scope: ApiScope): ClassDecorator & MethodDecorator =>
  SetMetadata<string, AccessRule>(ACCESS_RULE, { open: false, requirementOf: () => ({ all: [scope] }) });

/** A route whose needed scopes depend on the request (read from the raw body, before validation). */
export const RequireScopesOf = (
  requirementOf: (request: { body?: unknown }) => ScopeRequirement,
): ClassDecorator & MethodDecorator =>
  SetMetadata<string, AccessRule>(ACCESS_RULE, { open: false, requirementOf });

/** A route anyone may call without a key, and that is not rate limited (health probes of orchestrators). */
export const OpenRoute = (): ClassDecorator & MethodDecorator =>
  SetMetadata<string, AccessRule>(ACCESS_RULE, { open: true });
