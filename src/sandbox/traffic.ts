// What a sandbox moved, by route: calls answered with success, the records they carried (inputs
// of a batch, results of a page) and how many started a new query rather than paging on. The
// benchmarks set a run's calls against the calls the same records need when every call is full.

export interface RouteTraffic {
  calls: number;
  items: number;
  /** Calls that were a query's first page (a search or list without a paging cursor). */
  queries: number;
}

export class Traffic {
  readonly routes = new Map<string, RouteTraffic>();

  add(route: string, items: number, newQuery: boolean): void {
    const t = this.routes.get(route) ?? { calls: 0, items: 0, queries: 0 };
    t.calls += 1;
    t.items += items;
    if (newQuery) t.queries += 1;
    this.routes.set(route, t);
  }

  /** A copy, to tell one run's traffic from the next. */
  snapshot(): Map<string, RouteTraffic> {
    return new Map([...this.routes].map(([route, t]) => [route, { ...t }]));
  }
}

/** The traffic between two snapshots. */
export function trafficSince(before: ReadonlyMap<string, RouteTraffic>, after: ReadonlyMap<string, RouteTraffic>): Map<string, RouteTraffic> {
  const out = new Map<string, RouteTraffic>();
  for (const [route, t] of after) {
    const b = before.get(route) ?? { calls: 0, items: 0, queries: 0 };
    if (t.calls > b.calls) out.set(route, { calls: t.calls - b.calls, items: t.items - b.items, queries: t.queries - b.queries });
  }
  return out;
}
