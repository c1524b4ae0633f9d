// Cycle benchmark: the real `crm-pulse run --json` (sync, score, write-back through the queue,
// workers in the process; bench/run-child.ts) against the local sandbox of either CRM holding N
// companies of the realistic portfolio (about 10 activities each), with Redis. Three cycles:
//   full     the connection's first cycle: full load, fields created, every account written;
//   changed  the incremental right after it: the write-back moved every company's modification
//            time, so every company is read again (more than 10,000 past the checkpoint at
//            10,000 and 100,000 companies: HubSpot's search windows past its 10,000-result cap,
//            Salesforce hands a large read to Bulk API 2.0) and nothing is written;
//   steady   a later incremental after 1 % of the companies were edited and 1 % got a new call.
// Between cycles the sandbox's records are aged by Salesforce's settle time, two minutes (time
// passing, as between two runs of a schedule: Salesforce reads stop two minutes short of now), a
// Salesforce run starts a second and a half later (its window ends on a whole second), and after a
// HubSpot cycle that made more than half a window's calls one ten-second window is left to pass,
// so each cycle starts with the rate limit free.
// Each cycle reports its wall time (queued to done, as the run reports it) against the least
// time HubSpot's rate limit allows for the calls it made, its API calls against the batch
// minimum for the records it moved (bench/minimum.ts), and the process's peak RSS; a full
// HubSpot cycle also against issue 12's minimum, which counts only the history within the
// policy's windows. `historyYears` gives every company that many years of older history (about
// 40 activities a year, src/sandbox/history.ts): a cycle's calls should not grow with it.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { startSandbox, type Sandbox, type SandboxCrm } from '../src/sandbox/sandbox.ts';
import { trafficSince, type RouteTraffic } from '../src/sandbox/traffic.ts';
import { historyWindows } from '../src/connectors/history-window.ts';
import { DAY_MS } from '../src/model/dates.ts';
import { DEFAULTS } from '../src/model/policy.ts';
import type { Portal } from '../src/sandbox/hubspot/portal.ts';
import { Keys } from '../src/store/keys.ts';
import { deleteMatching } from '../src/store/redis.ts';
import { batchMinimum, fullCycleMinimum, type FullCycle } from './minimum.ts';
import { runChild } from './run-child.ts';

export const SEARCHES_PER_S = 5;
const AGE_MS = 2 * 60_000;

export interface CycleFigures {
  cycle: 'full' | 'changed' | 'steady';
  accountsRead: number;
  accountsWritten: number;
  tasksCreated: number;
  /** Calls by limiter bucket: HubSpot searches have their own. */
  apiCalls: number;
  searchCalls: number;
  byRoute: Record<string, number>;
  minimumCalls: number;
  callRatio: number;
  /** A full HubSpot cycle: issue 12's minimum (minimum.ts fullCycleMinimum) and the calls' ratio to it. */
  windowMinimum: { calls: number; ratio: number } | null;
  /** The least time the rate limit allows for these calls (HubSpot), or null (Salesforce has none). */
  minimumSeconds: number | null;
  seconds: number;
  processSeconds: number;
  timeRatio: number | null;
  peakRssMb: number;
}

export interface ScaleFigures {
  crm: SandboxCrm;
  companies: number;
  activities: number;
  historyYears: number;
  /** HubSpot's limit the sandbox enforces and the client keeps (requests per 10 s). */
  requestsPer10s: number | null;
  cycles: CycleFigures[];
}

/** (ceil(n / limit) - 1) windows: the first `limit` calls go at once, each later window admits `limit` more. */
export const windows = (calls: number, limit: number, windowMs: number) => Math.max(0, Math.ceil(calls / limit) - 1) * windowMs;

function traffic(sandbox: Sandbox, crm: SandboxCrm): ReadonlyMap<string, RouteTraffic> {
  return crm === 'hubspot' ? sandbox.hubspot!.portal.traffic.snapshot() : sandbox.salesforce!.org.traffic.snapshot();
}

function activities(sandbox: Sandbox, crm: SandboxCrm): number {
  if (crm === 'hubspot') return ['meetings', 'calls', 'emails', 'notes', 'tickets'].reduce((n, t) => n + sandbox.hubspot!.portal.objects.get(t)!.size, 0);
  return ['Task', 'Event', 'Case'].reduce((n, t) => n + sandbox.salesforce!.org.tables.get(t)!.length, 0);
}

/** The records the default policy's windows hold at `asOf`, per type, and the companies they touch. */
function windowReads(portal: Portal, asOf: number): FullCycle['reads'] {
  const w = historyWindows(DEFAULTS);
  const within = (iso: string | null | undefined, days: number) => {
    const t = Date.parse(iso ?? '');
    return t > asOf - days * DAY_MS && t <= asOf;
  };
  const kept: Record<string, (p: Record<string, string | null>) => boolean> = {
    meetings: (p) => within(p.hs_timestamp, w.engagementDays),
    calls: (p) => within(p.hs_timestamp, w.engagementDays),
    tickets: (p) => p.hs_is_closed === 'false' || within(p.createdate, w.ticketDays),
    deals: () => true,
  };
  return Object.entries(kept).map(([type, keep]) => {
    const records = [...portal.objects.get(type)!.values()].filter((o) => keep(o.properties));
    const companies = new Set(records.flatMap((o) => portal.linked(type as 'calls', o.id, 'companies')));
    return { records: records.length, companies: companies.size };
  });
}

/** 1 % of the companies edited, 1 % others with a new call, as users would between two cycles. */
function touch(sandbox: Sandbox, crm: SandboxCrm, companies: number): void {
  const n = Math.max(1, Math.round(companies / 100));
  if (crm === 'salesforce') {
    sandbox.salesforce!.org.touch(n, Date.now() - AGE_MS);
    return;
  }
  const { portal } = sandbox.hubspot!;
  const ids = [...portal.objects.get('companies')!.keys()];
  for (let i = 0; i < n; i++) {
    portal.edit('companies', ids[(i * 97) % ids.length]!, { account_nps: '50' });
    portal.add('calls', { hs_timestamp: new Date().toISOString(), hs_call_duration: '900000', hs_call_title: 'Check-in call' }, ids[(i * 89 + 13) % ids.length]!);
  }
}

/** `onCycle` hears of each cycle as it ends (a 100,000-company run at HubSpot's real limit takes most of an hour). */
export async function benchCycles(crm: SandboxCrm, companies: number, requestsPer10s = 110, onCycle?: (c: CycleFigures) => void, historyYears = 0): Promise<ScaleFigures> {
  const hubspot = crm === 'hubspot';
  const sandbox = await startSandbox({ crms: [crm], accounts: companies, seed: 1, historyYears, hubspotLimits: { requestsPer10s, searchPerSecond: SEARCHES_PER_S, daily: 10_000_000 } });
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `crm-pulse-bench-${randomUUID()}`;
  const env = { ...sandbox.env(crm), REDIS_URL: redisUrl, CRM_PULSE_REDIS_PREFIX: prefix, HUBSPOT_REQUESTS_PER_10S: String(requestsPer10s) };
  const cycles: CycleFigures[] = [];
  try {
    for (const cycle of ['full', 'changed', 'steady'] as const) {
      if (cycle === 'steady' || (cycle === 'changed' && !hubspot)) {
        if (hubspot) sandbox.hubspot!.portal.age(AGE_MS);
        else sandbox.salesforce!.org.age(AGE_MS);
      }
      if (cycle === 'steady') touch(sandbox, crm, companies);
      const last = cycles[cycles.length - 1];
      if (last) await sleep(hubspot && last.apiCalls > requestsPer10s / 2 ? 10_500 : 1_500);
      const before = traffic(sandbox, crm);
      const reads = hubspot && cycle === 'full' ? windowReads(sandbox.hubspot!.portal, Date.now()) : null;
      const run = await runChild(env);
      const moved = trafficSince(before, traffic(sandbox, crm));
      const calls = Object.entries(run.summary.apiCalls);
      const searchCalls = hubspot ? calls.filter(([route]) => route.endsWith('/search')).reduce((t, [, c]) => t + c, 0) : 0;
      const apiCalls = calls.reduce((t, [, c]) => t + c, 0) - searchCalls;
      const minimumCalls = batchMinimum(crm, moved);
      const minimumSeconds = hubspot ? Math.max(windows(apiCalls, requestsPer10s, 10_000), windows(searchCalls, SEARCHES_PER_S, 1_000)) / 1000 : null;
      const seconds = run.summary.durationMs / 1000;
      const windowMinimumCalls = reads ? fullCycleMinimum({ companies, reads, accountsWritten: run.summary.counts.accountsWritten, tasksCreated: run.summary.counts.tasksCreated }) : null;
      cycles.push({
        cycle,
        accountsRead: run.summary.counts.accountsRead,
        accountsWritten: run.summary.counts.accountsWritten,
        tasksCreated: run.summary.counts.tasksCreated,
        apiCalls,
        searchCalls,
        byRoute: run.summary.apiCalls,
        minimumCalls,
        callRatio: (apiCalls + searchCalls) / minimumCalls,
        windowMinimum: windowMinimumCalls === null ? null : { calls: windowMinimumCalls, ratio: (apiCalls + searchCalls) / windowMinimumCalls },
        minimumSeconds,
        seconds,
        processSeconds: run.processSeconds,
        timeRatio: minimumSeconds ? seconds / minimumSeconds : null,
        peakRssMb: run.peakRssMb,
      });
      onCycle?.(cycles[cycles.length - 1]!);
    }
    return { crm, companies, activities: activities(sandbox, crm), historyYears, requestsPer10s: hubspot ? requestsPer10s : null, cycles };
  } finally {
    await sandbox.close();
    const redis = new Redis(redisUrl);
    await deleteMatching(redis, new Keys(prefix).everything());
    await redis.quit();
  }
}

function header(crm: SandboxCrm, companies: number, requestsPer10s: number | null, historyYears: number): string {
  const limit = requestsPer10s ? `, limit ${n(requestsPer10s)} requests / 10 s and ${SEARCHES_PER_S} searches / s` : ', no short-term limit (24-hour allocation)';
  return `${crm} cycles: ${n(companies)} companies${historyYears ? ` with ${historyYears} years of history` : ''}${limit}`;
}

function line(c: CycleFigures): string {
  const pace = c.minimumSeconds === null ? '' : `, rate-limit minimum ${c.minimumSeconds.toFixed(1)} s, ratio ${c.timeRatio === null ? 'n/a (within one window)' : `${c.timeRatio.toFixed(3)}x`}`;
  return `  ${c.cycle.padEnd(7)} read ${n(c.accountsRead)}, written ${n(c.accountsWritten)}, tasks ${n(c.tasksCreated)}; calls ${n(c.apiCalls)}${c.searchCalls ? ` + ${n(c.searchCalls)} searches` : ''} against a batch minimum of ${n(c.minimumCalls)} (${c.callRatio.toFixed(3)}x)${c.windowMinimum ? `, issue 12's minimum ${n(c.windowMinimum.calls)} (${c.windowMinimum.ratio.toFixed(3)}x)` : ''}; ${c.seconds.toFixed(1)} s${pace}; peak RSS ${c.peakRssMb.toFixed(0)} MB`;
}

const n = (x: number) => x.toLocaleString('en-US');

export function printCycles(f: ScaleFigures): void {
  console.log(`${header(f.crm, f.companies, f.requestsPer10s, f.historyYears)}, ${n(f.activities)} activities`);
  for (const c of f.cycles) console.log(line(c));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // node bench/cycle.ts [hubspot|salesforce|both] [companies...] [--limit requests-per-10-s] [--years history-years]
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? Number(args.splice(at, 2)[1]) : null;
  };
  const limit = option('--limit');
  const years = option('--years') ?? 0;
  const [which = 'both', ...sizes] = args;
  const crms: SandboxCrm[] = which === 'both' ? ['hubspot', 'salesforce'] : [which as SandboxCrm];
  for (const crm of crms) {
    for (const size of sizes.length ? sizes.map(Number) : [1_000, 10_000]) {
      const perWindow = limit ?? (size >= 100_000 ? 1_000 : 110);
      console.log(header(crm, size, crm === 'hubspot' ? perWindow : null, years));
      const f = await benchCycles(crm, size, perWindow, (c) => console.log(line(c)), years);
      console.log(`  (${n(f.activities)} activities)`);
    }
  }
}
