import { illegalArgument, OpenSearchError } from '../errors';
import { didYouMean } from './suggestions';
import { EngineRequest, EngineResponse, RestCall } from './request';

export type Handler = (call: RestCall) => EngineResponse | Promise<EngineResponse>;

export interface Route {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'HEAD';
  /** e.g. `/{index}/_doc/{id}`. `{index}`-like segments never match a segment that starts with `_`. */
  path: string;
  /** Query parameters this endpoint takes, besides the ones every endpoint takes. */
  params?: string[];
  handler: Handler;
}

/** Taken by every endpoint (RestRequest / BaseRestHandler "response params"). */
const COMMON_PARAMS = ['pretty', 'human', 'error_trace', 'filter_path', 'source', 'source_content_type'];

interface CompiledRoute extends Route {
  segments: string[];
}

/** Segment names that may take a name starting with `_` (document ids, template names). */
const FREE_SEGMENTS = new Set(['{id}', '{name}']);

export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(...routes: Route[]): this {
    for (const route of routes) this.routes.push({ ...route, segments: splitPath(route.path) });
    return this;
  }

  async dispatch(request: EngineRequest): Promise<EngineResponse> {
    const segments = splitPath(request.path);
    const method = request.method.toUpperCase();
    const matches = this.routes
      .map((route) => ({ route, params: match(route.segments, segments) }))
      .filter((m): m is { route: CompiledRoute; params: Record<string, string> } => m.params !== undefined);
    // The most literal pattern wins, as in OpenSearch's PathTrie.
    matches.sort((a, b) => literalCount(b.route) - literalCount(a.route));
    const byMethod = (m: string) => matches.find((x) => x.route.method === m);
    // HEAD falls back to the GET handler, without a body (RestController).
    const found = byMethod(method) ?? (method === 'HEAD' ? byMethod('GET') : undefined);
    if (!found) {
      // RestController#handleBadRequest and #handleUnsupportedHttpMethod name the uri with its query string.
      const search = new URLSearchParams(request.query).toString();
      const uri = search ? `${request.path}?${search}` : request.path;
      if (matches.length > 0) {
        const allowed = [...new Set(matches.map((m) => m.route.method))];
        if (allowed.includes('GET') && !allowed.includes('HEAD')) allowed.push('HEAD');
        allowed.sort();
        return {
          status: 405,
          body: {
            error: `Incorrect HTTP method for uri [${uri}] and method [${method}], allowed: [${allowed.join(', ')}]`,
            status: 405,
          },
          headers: { Allow: allowed.join(',') },
        };
      }
      return { status: 400, body: { error: `no handler found for uri [${uri}] and method [${method}]` } };
    }
    checkParams(request, found.route, found.params);
    const response = await found.route.handler(new RestCall(request, found.params));
    return method === 'HEAD' ? { ...response, body: undefined } : response;
  }
}

function checkParams(request: EngineRequest, route: Route, pathParams: Record<string, string>): void {
  // Path parameters count as consumed, so they are candidates too (BaseRestHandler#handleRequest).
  const known = new Set([...COMMON_PARAMS, ...(route.params ?? []), ...Object.keys(pathParams)]);
  const unknown = Object.keys(request.query)
    .filter((k) => !known.has(k))
    .sort();
  if (unknown.length === 0) return;
  const parts = unknown.map((name) => {
    const suggestion = didYouMean(name, known, 0.5);
    return suggestion ? `[${name}] -> did you mean ${suggestion}?` : `[${name}]`;
  });
  throw illegalArgument(
    `request [${request.path}] contains unrecognized parameter${unknown.length > 1 ? 's' : ''}: ${parts.join(', ')}`,
  );
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function literalCount(route: CompiledRoute): number {
  return route.segments.filter((s) => !s.startsWith('{')).length;
}

function match(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    let s: string;
    try {
      s = decodeURIComponent(segments[i]);
    } catch {
      throw new OpenSearchError(
        400,
        'illegal_argument_exception',
        `unable to decode path segment [${segments[i]}]`,
      );
    }
    if (p.startsWith('{')) {
      if (s.startsWith('_') && !FREE_SEGMENTS.has(p) && s !== '_all') return undefined;
      params[p.slice(1, -1)] = s;
    } else if (p !== s) {
      return undefined;
    }
  }
  return params;
}
