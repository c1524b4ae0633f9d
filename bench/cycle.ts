// Cycle benchmark: `crm-pulse run --json` (sync, score, write-back through the queue, workers in
// the process) in a child process against the local fake HubSpot portal (bench/hubspot-fake.ts,
// 10 activities and a deal per company), with Redis. Two figures (issue 4):
//   - at 10,000 companies under HubSpot's real limit (110 requests per 10 s, searches 4 per s):
//     the cycle's wall time against the least time that limit allows for the calls it made,
//     (ceil(calls / 110) - 1) * 10 s; target <= 1.25x, i.e. the rate limit is the bound, not us;
//   - at 100,000 companies, the process's peak RSS (GNU time); target <= 300 MB. The limit is
//     raised to 1,000 per 10 s there, since memory, not pace, is measured.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { Keys } from '../src/store/keys.ts';
import { deleteMatching } from '../src/store/redis.ts';
import { startFakePortal } from './hubspot-fake.ts';

const AS_OF = Date.parse('2026-11-23T23:59:59.999Z');
const SEARCHES_PER_S = 4;

export interface CycleFigures {
  companies: number;
  requestsPer10s: number;
  /** Calls by limiter bucket: search has its own. */
  apiCalls: number;
  searchCalls: number;
  byRoute: Record<string, number>;
  /** The least time the rate limit allows for these calls, in seconds. */
  minimumSeconds: number;
  /** From queueing the cycle to its end, as the run reports it. */
  cycleSeconds: number;
  /** The whole process, start-up and shut-down included. */
  processSeconds: number;
  ratio: number;
  peakRssMb: number;
  accountsWritten: number;
  tasksCreated: number;
}

/** (ceil(n / limit) - 1) windows: the first `limit` calls go at once, each further window admits `limit` more. */
function minimumMs(calls: number, limit: number, windowMs: number): number {
  return Math.max(0, Math.ceil(calls / limit) - 1) * windowMs;
}

export async function benchCycle(companies: number, requestsPer10s = 110): Promise<CycleFigures> {
  const portal = await startFakePortal(companies, AS_OF, { logRequests: false });
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `crm-pulse-bench-${randomUUID()}`;
  const bin = fileURLToPath(new URL('../bin/crm-pulse.js', import.meta.url));
  const env = {
    PATH: process.env.PATH ?? '',
    REDIS_URL: redisUrl,
    CRM_PULSE_REDIS_PREFIX: prefix,
    CRM_PULSE_CRM: 'hubspot',
    HUBSPOT_ACCESS_TOKEN: 'pat-bench',
    HUBSPOT_BASE_URL: portal.url,
    HUBSPOT_REQUESTS_PER_10S: String(requestsPer10s),
    CRM_PULSE_MAPPING: fileURLToPath(new URL('../examples/mapping.hubspot.json', import.meta.url)),
    CRM_PULSE_AS_OF: '2026-11-23',
  };
  const started = performance.now();
  try {
    const child = spawn('/usr/bin/time', ['-f', 'maxrss_kb=%M', process.execPath, bin, 'run', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
    const processSeconds = (performance.now() - started) / 1000;
    if (code !== 0) throw new Error(`crm-pulse run exited ${code}: ${err.slice(-2000)}`);
    const summary = JSON.parse(out) as { durationMs: number; apiCalls: Record<string, number>; counts: { accountsScored: number; accountsWritten: number; tasksCreated: number } };
    if (summary.counts.accountsScored !== companies) throw new Error(`${summary.counts.accountsScored} of ${companies} companies scored`);
    let apiCalls = 0;
    let searchCalls = 0;
    for (const [route, n] of Object.entries(summary.apiCalls)) {
      if (route.endsWith('/search')) searchCalls += n;
      else apiCalls += n;
    }
    const minimum = Math.max(minimumMs(apiCalls, requestsPer10s, 10_000), minimumMs(searchCalls, SEARCHES_PER_S, 1_000)) / 1000;
    const cycleSeconds = summary.durationMs / 1000;
    return {
      companies,
      requestsPer10s,
      apiCalls,
      searchCalls,
      byRoute: summary.apiCalls,
      minimumSeconds: minimum,
      cycleSeconds,
      processSeconds,
      ratio: minimum > 0 ? cycleSeconds / minimum : Number.NaN,
      peakRssMb: Number(/maxrss_kb=(\d+)/.exec(err)?.[1] ?? Number.NaN) / 1024,
      accountsWritten: summary.counts.accountsWritten,
      tasksCreated: summary.counts.tasksCreated,
    };
  } finally {
    await portal.close();
    const redis = new Redis(redisUrl);
    await deleteMatching(redis, new Keys(prefix).everything());
    await redis.quit();
  }
}

export function printCycle(f: CycleFigures): void {
  const n = (x: number) => x.toLocaleString('en-US');
  console.log(`cycle: ${n(f.companies)} companies (10 activities and a deal each), limit ${f.requestsPer10s} requests / 10 s`);
  console.log(`  calls ${n(f.apiCalls)} + ${n(f.searchCalls)} searches; rate-limit minimum ${f.minimumSeconds.toFixed(1)} s; cycle ${f.cycleSeconds.toFixed(1)} s (process ${f.processSeconds.toFixed(1)} s)`);
  const routes = Object.entries(f.byRoute).sort((a, b) => b[1] - a[1]);
  console.log(`  ${routes.map(([route, calls]) => `${route} ${n(calls)}`).join(', ')}`);
  console.log(`  ratio ${f.ratio.toFixed(3)}x (target <= 1.25x); peak RSS ${f.peakRssMb.toFixed(0)} MB (target <= 300 MB at 100,000); ${n(f.accountsWritten)} accounts written, ${n(f.tasksCreated)} tasks created`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [companies, limit] = process.argv.slice(2).map(Number);
  if (companies) printCycle(await benchCycle(companies, limit || 110));
  else {
    printCycle(await benchCycle(10_000, 110));
    printCycle(await benchCycle(100_000, 1_000));
  }
}
