/**
 * Matches a request path against the spec's path templates.
 * Literal segments win over `{param}` segments, so `/dashboards/search`
 * is never mistaken for `/dashboards/{dashboard_id}`.
 */
import type { SpecOperation } from './spec';

export interface RouteMatch {
  operation: SpecOperation;
  pathParams: Record<string, string>;
}

interface Route {
  segments: string[];
  operations: Map<string, SpecOperation>; // by HTTP method
}

export type RouteResult =
  | { kind: 'found'; match: RouteMatch }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

export class SpecRouter {
  private readonly routes: Route[] = [];

  constructor(operations: SpecOperation[]) {
    const byTemplate = new Map<string, Route>();
    for (const op of operations) {
      let route = byTemplate.get(op.pathTemplate);
      if (!route) {
        route = { segments: op.pathTemplate.split('/').filter(Boolean), operations: new Map() };
        byTemplate.set(op.pathTemplate, route);
        this.routes.push(route);
      }
      route.operations.set(op.method, op);
    }
  }

  resolve(method: string, path: string): RouteResult {
    const parts = path.split('/').filter(Boolean).map(safeDecode);
    let best: { route: Route; params: Record<string, string>; score: number } | undefined;
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let score = 0;
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const seg = route.segments[i];
        if (seg.startsWith('{') && seg.endsWith('}')) params[seg.slice(1, -1)] = parts[i];
        else if (seg === parts[i]) score += 1 << (parts.length - i); // earlier literals weigh more
        else ok = false;
      }
      if (!ok) continue;
      // Prefer the most literal template that also supports the method.
      const supports = route.operations.has(method) ? 1 : 0;
      const total = score * 2 + supports;
      if (!best || total > best.score) best = { route, params, score: total };
    }
    if (!best) return { kind: 'not-found' };
    const operation = best.route.operations.get(method);
    if (!operation) return { kind: 'method-not-allowed', allowed: [...best.route.operations.keys()] };
    return { kind: 'found', match: { operation, pathParams: best.params } };
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
