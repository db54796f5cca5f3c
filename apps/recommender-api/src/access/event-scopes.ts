import { ApiScope } from './api-scope';
import { ScopeRequirement } from './access-rule.decorator';

/** The scope of each target kind of an event: places are travel's, members are networking's. */
const SCOPE_OF_TARGET_KIND: Readonly<Record<string, ApiScope>> = { place: 'travel', member: 'networking' };

/**
 * The scopes a `POST /v1/events` batch needs, from its raw body (the guard runs before validation): `travel` if any
 * event targets a place, `networking` if any targets a member, both for a mixed batch. A body that names no known
 * kind will be refused by validation; it still needs a key of one of the two, so that keys of other apps (catalog,
 * admin) learn nothing about the events contract.
 */
export function eventBatchScopes(request: { body?: unknown }): ScopeRequirement {
  const events = (request.body as { events?: unknown } | null | undefined)?.events;
  const needed = new Set<ApiScope>();
  if (Array.isArray(events)) {
    for (const event of events) {
      const kind = (event as { target?: { kind?: unknown } } | null)?.target?.kind;
      const scope =
        typeof kind === 'string' && Object.hasOwn(SCOPE_OF_TARGET_KIND, kind)
          ? SCOPE_OF_TARGET_KIND[kind]
          : undefined;
      if (scope !== undefined) needed.add(scope);
    }
  }
  return needed.size > 0 ? { all: [...needed] } : { all: [], any: ['travel', 'networking'] };
}
