// GET /metrics: the shared counters (metrics.ts) read back from Redis, the queue's jobs by state,
// and this process's own runtime metrics, in Prometheus text format.
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Redis } from 'ioredis';
import { COUNTERS, metricsKey, type CounterName } from './metrics.ts';

const HELP: Record<CounterName, string> = {
  api_calls: 'CRM API calls (each HTTP attempt) by CRM, route and HTTP status (network_error when none came)',
  rate_limit_waits: "Times a CRM call waited for the account's shared rate limit",
  rate_limit_wait_seconds: "Seconds CRM calls waited for the account's shared rate limit",
  writes: 'Writes to the CRM: kind fields (one account updated) or task (one task created), outcome ok or failed',
  jobs: 'Queue jobs finished by job name and outcome (completed, retried, failed)',
  webhook_events: 'Webhook events by outcome: received (queued, duplicate, ignored), and changes processed',
};

/** The queue's job counts by state, e.g. { waiting: 3, active: 1 }. */
export type JobCounts = () => Promise<Record<string, number>>;

export class MetricsPage {
  readonly #redis: Redis;
  readonly #key: string;
  readonly #jobCounts: JobCounts;
  readonly #process = new Registry();

  constructor(redis: Redis, prefix: string, jobCounts: JobCounts) {
    this.#redis = redis;
    this.#key = metricsKey(prefix);
    this.#jobCounts = jobCounts;
    collectDefaultMetrics({ register: this.#process, prefix: 'crm_pulse_process_' });
  }

  get contentType(): string {
    return this.#process.contentType;
  }

  async render(): Promise<string> {
    const shared = new Registry();
    const counters = new Map<CounterName, Counter>();
    for (const name of Object.keys(COUNTERS) as CounterName[]) {
      counters.set(name, new Counter({ name: `crm_pulse_${name}_total`, help: HELP[name], labelNames: [...COUNTERS[name]], registers: [shared] }));
    }
    const totals = await this.#redis.hgetall(this.#key);
    for (const [field, value] of Object.entries(totals)) {
      const at = field.indexOf('[');
      const counter = counters.get(field.slice(0, at) as CounterName);
      const labels = at > 0 ? parseLabels(field.slice(at)) : null;
      if (!counter || !labels) continue;
      const names = COUNTERS[field.slice(0, at) as CounterName];
      counter.inc(Object.fromEntries(names.map((n, i) => [n, labels[i] ?? ''])), Number(value));
    }
    const jobs = new Gauge({ name: 'crm_pulse_jobs', help: 'Queue jobs by state', labelNames: ['state'], registers: [shared] });
    for (const [state, n] of Object.entries(await this.#jobCounts())) jobs.set({ state }, n);
    return Registry.merge([shared, this.#process]).metrics();
  }
}

function parseLabels(text: string): string[] | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every((v) => typeof v === 'string') ? (parsed as string[]) : null;
  } catch {
    return null;
  }
}
