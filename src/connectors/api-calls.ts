// Counts every CRM API call by route and outcome. Connectors report each HTTP attempt here (a
// retried call counts twice: the budget HubSpot and Salesforce charge is per attempt); metrics
// exporters and the API-call benchmark read the counts.

export type ApiCallOutcome = 'ok' | 'partial' | 'rate_limited' | 'auth_error' | 'client_error' | 'server_error' | 'network_error';

export interface ApiCall {
  /** Method and path without record ids, e.g. `POST /crm/objects/2026-09/companies/batch/update`. */
  route: string;
  outcome: ApiCallOutcome;
  /** HTTP status; null when no answer came (network error, timeout). */
  status: number | null;
  durationMs: number;
}

export interface ApiCallRecorder {
  record(call: ApiCall): void;
}

/** The outcome an HTTP status stands for; `partial` is a 207 multi-status answer. */
export function outcomeOf(status: number | null): ApiCallOutcome {
  if (status === null) return 'network_error';
  if (status === 207) return 'partial';
  if (status < 300) return 'ok';
  if (status === 429) return 'rate_limited';
  if (status === 401 || status === 403) return 'auth_error';
  if (status < 500) return 'client_error';
  return 'server_error';
}

/** In-memory counts, for tests, the benchmark and a process's own status page. */
export class CountingRecorder implements ApiCallRecorder {
  readonly calls: ApiCall[] = [];

  record(call: ApiCall): void {
    this.calls.push(call);
  }

  get total(): number {
    return this.calls.length;
  }

  /** `route outcome` -> count. */
  counts(): Map<string, number> {
    const out = new Map<string, number>();
    for (const c of this.calls) {
      const key = `${c.route} ${c.outcome}`;
      out.set(key, (out.get(key) ?? 0) + 1);
    }
    return out;
  }

  count(route: string, outcome?: ApiCallOutcome): number {
    return this.calls.filter((c) => c.route === route && (outcome === undefined || c.outcome === outcome)).length;
  }
}

/** Records nothing, for callers that do not count. */
export const noRecorder: ApiCallRecorder = { record: () => {} };
