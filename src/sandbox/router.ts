// Routes of a sandbox model: a method, a path pattern and a handler, tried in order.
import type { SandboxAnswer, SandboxRequest } from './model.ts';

export interface Route {
  method: string;
  path: RegExp;
  handle(match: RegExpMatchArray, request: SandboxRequest): SandboxAnswer;
}

/** The first matching route's answer, or null when no route matches. */
export function dispatch(routes: readonly Route[], request: SandboxRequest): SandboxAnswer | null {
  for (const r of routes) {
    if (r.method !== request.method) continue;
    const m = request.url.pathname.match(r.path);
    if (m) return r.handle(m, request);
  }
  return null;
}
