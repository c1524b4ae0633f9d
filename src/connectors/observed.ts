// Which piece of work made each CRM call. Connectors are shared by the jobs a process runs at
// once, so calls are tallied through AsyncLocalStorage: a job runs inside `tallyCalls`, and every
// call made on its behalf (however deep, whichever shared connector) lands in its own tally, which
// the job reports in its outcome. Each call is also counted in the shared metrics.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ApiCall, ApiCallRecorder } from './api-calls.ts';
import type { Taken, WindowRule, WindowStore } from './rate-limit/limiter.ts';
import type { Metrics } from '../observe/index.ts';

const tally = new AsyncLocalStorage<Map<string, number>>();

/** Runs `work` and returns what it returned with the CRM calls it made, by route. */
export async function tallyCalls<T>(work: () => Promise<T>): Promise<{ result: T; calls: Record<string, number> }> {
  const calls = new Map<string, number>();
  const result = await tally.run(calls, work);
  return { result, calls: Object.fromEntries(calls) };
}

/** The recorder handed to connectors: metrics by CRM, route and status, plus the current tally. */
export class TalliedRecorder implements ApiCallRecorder {
  readonly #crm: string;
  readonly #metrics: Metrics;

  constructor(crm: string, metrics: Metrics) {
    this.#crm = crm;
    this.#metrics = metrics;
  }

  record(call: ApiCall): void {
    this.#metrics.inc('api_calls', { crm: this.#crm, route: call.route, status: call.status === null ? 'network_error' : String(call.status) });
    const calls = tally.getStore();
    if (calls) calls.set(call.route, (calls.get(call.route) ?? 0) + 1);
  }
}

/** A window store that counts the waits the shared rate limit imposes. */
export class ObservedWindowStore implements WindowStore {
  readonly #inner: WindowStore;
  readonly #crm: string;
  readonly #metrics: Metrics;

  constructor(inner: WindowStore, crm: string, metrics: Metrics) {
    this.#inner = inner;
    this.#crm = crm;
    this.#metrics = metrics;
  }

  async take(key: string, rule: WindowRule, count: number): Promise<Taken> {
    const taken = await this.#inner.take(key, rule, count);
    const { waitMs } = taken;
    if (waitMs > 0) {
      this.#metrics.inc('rate_limit_waits', { crm: this.#crm });
      this.#metrics.inc('rate_limit_wait_seconds', { crm: this.#crm }, waitMs / 1000);
    }
    return taken;
  }
}
