import type { HttpBinding } from './http-rules';
import { compilePathTemplate, type PathMatcher, type PathParams, type PathTemplate } from './path-template';

/** What {@link RouteTable.match} found for a request. */
export type RouteMatch =
  | { kind: 'found'; binding: HttpBinding; pathParams: PathParams }
  | { kind: 'not_found' }
  | { kind: 'method_not_allowed'; allowed: string[] };

/** The routes of every binding, matched by HTTP method and URL path. */
export interface RouteTable {
  /**
   * The binding for a method and a path (without the query string). A path some route knows under
   * other methods is `method_not_allowed` (HTTP 405, rather than grpc-gateway's 501).
   */
  match(httpMethod: string, path: string): RouteMatch;
  readonly bindings: readonly HttpBinding[];
}

/** Two bindings that would always answer the same requests. */
export class RouteConflictError extends Error {
  constructor(a: HttpBinding, b: HttpBinding) {
    super(
      `ambiguous routes: ${a.httpMethod} ${a.pathTemplate} (${a.serviceName}.${a.methodName}) and ` +
        `${b.httpMethod} ${b.pathTemplate} (${b.serviceName}.${b.methodName}) match the same paths`,
    );
    this.name = 'RouteConflictError';
  }
}

interface Route {
  binding: HttpBinding;
  matcher: PathMatcher;
  rank: number[];
}

/**
 * Builds the table. When several templates match one path, the most specific wins: segment by
 * segment from the left a literal beats `*`, which beats `**`, then a template with a verb beats one
 * without. Two bindings of one method with the same shape (same literals, wildcards and verb, whatever
 * their variable names) are refused with a {@link RouteConflictError}.
 */
export function buildRouteTable(bindings: readonly HttpBinding[]): RouteTable {
  const byMethod = new Map<string, Route[]>();
  const shapes = new Map<string, HttpBinding>();
  for (const binding of bindings) {
    const shapeKey = `${binding.httpMethod} ${shape(binding.template)}`;
    const clash = shapes.get(shapeKey);
    if (clash) throw new RouteConflictError(clash, binding);
    shapes.set(shapeKey, binding);
    const routes = byMethod.get(binding.httpMethod) ?? [];
    routes.push({ binding, matcher: compilePathTemplate(binding.template), rank: rankOf(binding.template) });
    byMethod.set(binding.httpMethod, routes);
  }
  for (const routes of byMethod.values()) routes.sort((a, b) => compareRanks(a.rank, b.rank));

  return {
    bindings,
    match(httpMethod, path) {
      for (const route of byMethod.get(httpMethod) ?? []) {
        const pathParams = route.matcher(path);
        if (pathParams) return { kind: 'found', binding: route.binding, pathParams };
      }
      const allowed = [...byMethod.entries()]
        .filter(([method, routes]) => method !== httpMethod && routes.some((r) => r.matcher(path) !== null))
        .map(([method]) => method)
        .sort();
      return allowed.length > 0 ? { kind: 'method_not_allowed', allowed } : { kind: 'not_found' };
    },
  };
}

function shape(t: PathTemplate): string {
  const parts = t.segments.map((s) => (s.kind === 'literal' ? `=${s.value}` : s.kind === 'any' ? '*' : '**'));
  return `/${parts.join('/')}${t.verb ? `:${t.verb}` : ''}`;
}

/** Lower is more specific: 0 literal, 1 `*`, 2 `**`, per segment; then 0 with a verb, 1 without. */
function rankOf(t: PathTemplate): number[] {
  return [...t.segments.map((s) => (s.kind === 'literal' ? 0 : s.kind === 'any' ? 1 : 2)), t.verb ? 0 : 1];
}

function compareRanks(a: number[], b: number[]): number {
  const segmentsA = a.slice(0, -1);
  const segmentsB = b.slice(0, -1);
  for (let i = 0; i < Math.min(segmentsA.length, segmentsB.length); i++) {
    const d = (segmentsA[i] ?? 0) - (segmentsB[i] ?? 0);
    if (d !== 0) return d;
  }
  // Longer templates first (a trailing `**` is less specific than more fixed segments), then verbs.
  if (segmentsA.length !== segmentsB.length) return segmentsB.length - segmentsA.length;
  return (a.at(-1) ?? 0) - (b.at(-1) ?? 0);
}
