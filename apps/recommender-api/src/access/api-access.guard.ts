import { CanActivate, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiKeyRequiredException, RateLimitedException, ScopeRequiredException } from './access-errors';
import { ACCESS_RULE, AccessRule, ScopeRequirement } from './access-rule.decorator';
import { ApiScope } from './api-scope';
import { ApiKeyStore } from './api-key-store';
import { presentedApiKey } from './presented-api-key';
import { RateLimiter } from './rate-limiter';

/** Routes that declare nothing are operators': a forgotten declaration closes a route instead of opening it. */
const UNDECLARED: AccessRule = { open: false, requirementOf: () => ({ all: ['admin'] }) };

/**
 * Every route's gate (a global guard), in this order: a key is required (401), it must hold the route's scopes
 * (403), and its buckets must hold a token (429); requests refused for a scope cost no token. Health routes are
 * open, and with AUTH_DISABLED every route is. Runs after body parsing (Nest guards do), so that an events batch's
 * scopes can be read from its body, and before validation and the handler, so that nothing is read or written for a
 * refused request. A request with a body has had its key checked before the body was read (KeyBeforeBody).
 */
export class ApiAccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyStore,
    private readonly limiter: RateLimiter,
    private readonly disabled: boolean = false,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule =
      this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
        context.getHandler(),
        context.getClass(),
      ]) ?? UNDECLARED;
    if (rule.open || this.disabled) return true;
    const request = context.switchToHttp().getRequest<{ headers: IncomingHttpHeaders; body?: unknown }>();
    const presented = presentedApiKey(request.headers);
    if ('problem' in presented) throw new ApiKeyRequiredException(presented.problem);
    const key = this.keys.identify(presented.key);
    if (key === undefined) throw new ApiKeyRequiredException({ invalidIn: presented.header });
    const requirement = rule.requirementOf(request);
    const charged = chargedScopes(requirement, key.scopes);
    if (charged === undefined)
      throw new ScopeRequiredException(key.name, presented.header, describe(requirement));
    const taken = await this.limiter.take(key.name, charged);
    if (!taken.allowed) throw new RateLimitedException(key.name, charged, taken.retryAfterMs);
    return true;
  }
}

/** The scopes a key with `held` is charged to for `requirement`; undefined when it does not meet it. */
export function chargedScopes(
  requirement: ScopeRequirement,
  held: readonly ApiScope[],
): ApiScope[] | undefined {
  if (!requirement.all.every((scope) => held.includes(scope))) return undefined;
  if (requirement.any === undefined) return [...requirement.all];
  const one = requirement.any.find((scope) => held.includes(scope));
  return one === undefined ? undefined : [...requirement.all, one];
}

function describe(requirement: ScopeRequirement): string {
  const all = requirement.all.join(' and ');
  const any = requirement.any?.join(' or ');
  return [all, any].filter((text) => text !== undefined && text !== '').join(', and ');
}
