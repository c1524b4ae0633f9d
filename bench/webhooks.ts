// Webhooks at the speed they arrive: a sandbox portal of 2,000 companies at HubSpot's real limit
// (110 requests / 10 s), a full cycle first (the cache every webhook works from), then signed
// `company.propertyChange` events for companies whose usage changed (the portal's value is edited
// first, as a user's change would be), delivered to `POST /webhooks/hubspot` at 10 events a second
// (one per POST) and at 100 (ten per POST). The server, the workers and the sandbox share this
// process and one Redis. For each event: seconds from its delivery to the first write of its
// company after it (the portal logs each `companies/batch/update`'s ids and time); calls per
// event; 429s answered; and the backlog when sending stopped and how long it took to drain.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { runCycle } from '../src/cli/run.ts';
import { openRuntime, type Runtime } from '../src/cli/runtime.ts';
import { httpDeps } from '../src/cli/serve.ts';
import { parseEnv } from '../src/config/env.ts';
import { signV3 } from '../src/connectors/hubspot/webhook.ts';
import { createApp } from '../src/http/app.ts';
import { startWorker } from '../src/jobs/worker.ts';
import { HUBSPOT_API_VERSIONS } from '../src/model/index.ts';
import { createPortal } from '../src/sandbox/hubspot/portal.ts';
import { serve } from '../src/sandbox/http-server.ts';
import { Keys } from '../src/store/keys.ts';
import { deleteMatching } from '../src/store/redis.ts';

const mappingFile = fileURLToPath(new URL('../examples/mapping.hubspot.json', import.meta.url));
const WRITE = `/crm/objects/${HUBSPOT_API_VERSIONS[0]}/companies/batch/update`;
const PUBLIC_URL = 'https://pulse.bench.test';
const SECRET = 'bench-client-secret';
const COMPANIES = 2_000;
const CONNECTION = 'bench';

export interface WebhookRun {
  eventsPerSecond: number;
  perPost: number;
  seconds: number;
  sent: number;
  /** Seconds from an event's delivery to its company's next write. */
  p50: number;
  p95: number;
  max: number;
  /** Events whose company was not written after them (its written values did not move). */
  unwritten: number;
  callsPerEvent: number;
  throttled: number;
  /** Changes pending when sending stopped, and seconds until none was. */
  backlogAtStop: number;
  drainSeconds: number;
}

export interface WebhookFigures {
  requestsPer10s: number;
  companies: number;
  cycleCalls: number;
  runs: WebhookRun[];
}

const at = (sorted: readonly number[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;

export async function benchWebhooks(o: { seconds?: number; rates?: readonly number[]; onRun?: (r: WebhookRun) => void } = {}): Promise<WebhookFigures> {
  const seconds = o.seconds ?? 300;
  const rates = o.rates ?? [10, 100];
  const writes = new Map<string, number[]>();
  let calls = 0;
  let throttled = 0;
  const token = `pat-bench-${randomBytes(12).toString('hex')}`;
  const portal = createPortal(COMPANIES, Date.now(), {
    accessToken: token,
    logRequests: false,
    limits: { requestsPer10s: 110, daily: 10_000_000 },
    onRequest: (r) => {
      calls++;
      if (r.path !== WRITE) return;
      const t = performance.now();
      for (const input of (r.body as { inputs: { id: string }[] }).inputs) writes.set(input.id, [...(writes.get(input.id) ?? []), t]);
    },
  });
  const sandbox = await serve({
    answer: (request) => {
      const a = portal.answer(request);
      if (a.status === 429) throttled++;
      return a;
    },
    throttled: (request) => portal.throttled(request),
    unavailable: (request, status) => portal.unavailable(request, status),
  });
  const prefix = `crm-pulse-bench-${randomUUID()}`;
  const env = {
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    CRM_PULSE_REDIS_PREFIX: prefix,
    CRM_PULSE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    HUBSPOT_BASE_URL: sandbox.url,
    HUBSPOT_REQUESTS_PER_10S: '110',
    HUBSPOT_CLIENT_ID: 'bench-client',
    HUBSPOT_CLIENT_SECRET: SECRET,
    CRM_PULSE_PUBLIC_URL: PUBLIC_URL,
    LOG_LEVEL: 'warn',
  };
  const rt: Runtime = await openRuntime(parseEnv(env), { logLevel: 'silent' });
  let server: Server | null = null;
  const worker = startWorker(rt.jobs, { connection: rt.bull, prefix, concurrency: 4, lockMs: rt.env.CRM_PULSE_LOCK_MS, outage: rt.outage });
  try {
    await rt.store.connections.put({ id: CONNECTION, kind: 'hubspot', crmAccountId: String(portal.portalId), credentials: { accessToken: token } });
    await rt.store.mappings.put(CONNECTION, JSON.parse(await readFile(mappingFile, 'utf8')));
    const cycle = await runCycle(rt, { full: true, dryRun: false }, { stdout: { write: () => true }, stderr: { write: () => true, isTTY: false } });
    if (cycle.code !== 0) throw new Error(`the first cycle failed (${cycle.code})`);
    const cycleCalls = calls;
    server = await new Promise<Server>((resolve) => {
      const s = createApp(httpDeps(rt)).listen(0, '127.0.0.1', () => resolve(s));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/hubspot`;
    const runs: WebhookRun[] = [];
    let eventId = 1;
    for (const rate of rates) {
      const perPost = rate >= 100 ? 10 : 1;
      const posts = rate / perPost;
      const sent: { company: string; at: number }[] = [];
      const callsBefore = calls;
      const throttledBefore = throttled;
      const start = performance.now();
      const deliveries: Promise<void>[] = [];
      for (let i = 0; i < seconds * posts; i++) {
        const due = start + (i * 1000) / posts;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        const events = Array.from({ length: perPost }, () => {
          const company = String(100_000 + Math.floor(Math.random() * COMPANIES));
          // A usage the company did not have: its score and reasons move, so it is written.
          const old = Number(portal.objects.get('companies')!.get(company)!.properties.feature_usage_pct ?? 0);
          const value = String((Math.round(old) + 1 + Math.floor(Math.random() * 98)) % 100);
          portal.edit('companies', company, { feature_usage_pct: value });
          return { company, event: { eventId: eventId++, subscriptionId: 1, portalId: portal.portalId, appId: 1, occurredAt: Date.now(), subscriptionType: 'company.propertyChange', attemptNumber: 0, objectId: Number(company), propertyName: 'feature_usage_pct', propertyValue: value, changeSource: 'CRM_UI' } };
        });
        const body = JSON.stringify(events.map((e) => e.event));
        const ts = String(Date.now());
        const deliveredAt = performance.now();
        for (const e of events) sent.push({ company: e.company, at: deliveredAt });
        deliveries.push(
          fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': signV3(SECRET, 'POST', `${PUBLIC_URL}/webhooks/hubspot`, body, ts), 'x-hubspot-request-timestamp': ts } }).then(async (res) => {
            if (res.status !== 200) throw new Error(`the webhook answered ${res.status}: ${await res.text()}`);
          }),
        );
      }
      await Promise.all(deliveries);
      const stoppedAt = performance.now();
      const backlogAtStop = await rt.store.webhookEvents.count(CONNECTION);
      for (;;) {
        const jobs = await rt.queue.getJobs(['waiting', 'delayed', 'active']);
        if ((await rt.store.webhookEvents.count(CONNECTION)) === 0 && !jobs.some((j) => j.name === 'webhook')) break;
        await sleep(100);
      }
      const drainSeconds = (performance.now() - stoppedAt) / 1000;
      const delays: number[] = [];
      let unwritten = 0;
      for (const s of sent) {
        const w = writes.get(s.company)?.find((t) => t >= s.at);
        if (w === undefined) unwritten++;
        else delays.push((w - s.at) / 1000);
      }
      delays.sort((a, b) => a - b);
      const run: WebhookRun = {
        eventsPerSecond: rate,
        perPost,
        seconds,
        sent: sent.length,
        p50: at(delays, 0.5),
        p95: at(delays, 0.95),
        max: at(delays, 1),
        unwritten,
        callsPerEvent: (calls - callsBefore) / sent.length,
        throttled: throttled - throttledBefore,
        backlogAtStop,
        drainSeconds,
      };
      runs.push(run);
      o.onRun?.(run);
      // Ten seconds for the rate limit's window to forget this run.
      await sleep(10_000);
    }
    return { requestsPer10s: 110, companies: COMPANIES, cycleCalls, runs };
  } finally {
    await worker.close();
    if (server) await new Promise((resolve) => server!.close(resolve));
    await sandbox.close();
    await deleteMatching(rt.redis, new Keys(prefix).everything());
    await rt.close();
  }
}

const s = (x: number) => `${x.toFixed(1)} s`;

export function webhookLine(r: WebhookRun): string {
  return `  ${r.eventsPerSecond} events/s (${r.perPost} per POST, ${r.seconds} s): ${r.sent.toLocaleString('en-US')} sent; delivery to write p50 ${s(r.p50)}, p95 ${s(r.p95)}, max ${s(r.max)}; ${r.callsPerEvent.toFixed(2)} calls/event; ${r.throttled} 429s; backlog at stop ${r.backlogAtStop} changes, drained in ${s(r.drainSeconds)}${r.unwritten > 0 ? `; ${r.unwritten} events not followed by a write` : ''}`;
}

export const webhookHeader = `webhooks: ${COMPANIES.toLocaleString('en-US')} companies, HubSpot limit 110 requests / 10 s, signed company.propertyChange events of usage changes (server, 4-job worker and sandbox in one process)`;

export function printWebhooks(f: WebhookFigures): void {
  console.log(webhookHeader);
  for (const r of f.runs) console.log(webhookLine(r));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // node bench/webhooks.ts [--seconds N] [--rate 10|100]
  const option = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const rate = option('--rate');
  console.log(webhookHeader);
  await benchWebhooks({ seconds: option('--seconds'), rates: rate ? [rate] : undefined, onRun: (r) => console.log(webhookLine(r)) });
}
