// The score backtest end to end on the HubSpot sandbox with a seeded past (src/sandbox/past.ts):
// two years of property history, monthly meetings and tickets, contracts renewed or ended, churn
// following hidden weights of the four measures plus noise. `crm-pulse backtest --json` prints the
// report, whose counts equal a count made from the generated portfolio itself; the default
// policy's at_risk band beats the base rate; the suggested weights rank the measures as the
// hidden weights do and do at least as well on the held-out newer third.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBacktests } from '../../src/cli/backtest.ts';
import { runCycle } from '../../src/cli/run.ts';
import { DAY_MS } from '../../src/model/dates.ts';
import { backtestConnection, type ConnectionBacktest } from '../../src/pipeline/backtest.ts';
import { portfolio } from '../../src/sandbox/generate.ts';
import type { PortfolioOptions } from '../../src/sandbox/portfolio.ts';
import { httpDeps } from '../../src/cli/serve.ts';
import { Secret } from '../../src/config/secret.ts';
import { createApp } from '../../src/http/app.ts';
import { startWorker } from '../../src/jobs/worker.ts';
import { jobsDone } from '../jobs/jobs-done.ts';
import { AS_OF, quiet, useE2e } from './harness.ts';

const e = useE2e();
// The sources, not bin/ (which prefers a build in dist/ that may predate them).
const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const HIDDEN = { usage: 50, engagement: 30, tickets: 15, nps: 5 };
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function backtestCli(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [main, 'backtest', '--json'], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

/** Customers and churned per as-of date, counted from the generated portfolio's own contracts. */
function handCount(o: PortfolioOptions, dates: readonly string[], horizonDays: number): { customers: number; churned: number } {
  let customers = 0;
  let churned = 0;
  for (const a of portfolio(o)) {
    // Without a mapped churnedAt a contract end is a churn once the 30-day renewal grace passed.
    const ended = a.churnedAt ? Date.parse(`${a.churnedAt}T00:00:00Z`) : null;
    const churnAt = ended !== null && ended + 30 * DAY_MS <= o.asOf ? ended : null;
    for (const d of dates) {
      const t = Date.parse(`${d}T${new Date(AS_OF).toISOString().slice(11)}`);
      const ends = (a.past?.contractEnd ?? []).filter((v) => v.at <= t);
      const end = ends.at(-1)?.value;
      if (typeof end !== 'string' || Date.parse(`${end}T00:00:00Z`) < t) continue;
      if (churnAt !== null && churnAt <= t) continue;
      customers++;
      if (churnAt !== null && churnAt <= t + horizonDays * DAY_MS) churned++;
    }
  }
  return { customers, churned };
}

describe('crm-pulse backtest on a sandbox with a seeded past', () => {
  it('prints the report as JSON, and its counts equal a hand count of the generated portfolio', async () => {
    const options = { accounts: 40, seed: 5, past: { weights: HIDDEN, noise: 8 } };
    const sandbox = await e.sandbox('hubspot', options);
    const { rt } = await e.connected(sandbox, 'hubspot');
    expect((await runCycle(rt, { full: false, dryRun: false }, quiet)).code).toBe(0);

    const { code, stdout, stderr } = await backtestCli(e.env(sandbox));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const [r] = (JSON.parse(stdout) as { connections: ConnectionBacktest[] }).connections;
    expect(r!.accounts).toBe(40);
    expect(r!.dates).toHaveLength(10);
    expect(r!.history).toMatchObject({ source: 'hubspot_property_history' });
    // 40 companies, history in batches of 50: one call, its minimum.
    expect(r!.fieldHistoryCalls).toEqual({ made: 1, minimum: 1 });
    // Activities, tickets and deals: at least their minimum; at 40 companies the one-result
    // searches that choose each type's way (about ten) weigh as much as the reads themselves.
    expect(r!.historyCalls!.minimum).toBeGreaterThan(0);
    expect(r!.historyCalls!.made).toBeGreaterThanOrEqual(r!.historyCalls!.minimum);
    expect(r!.historyCalls!.made).toBeLessThanOrEqual(r!.historyCalls!.minimum + 12);

    const hand = handCount({ ...options, asOf: AS_OF }, r!.dates, 90);
    expect(r!.report.overall.accounts + r!.insufficientData).toBe(hand.customers);
    expect(r!.insufficientData).toBe(0);
    expect(r!.report.overall.churned).toBe(hand.churned);
    expect(r!.report.overall.bands.reduce((s, b) => s + b.accounts, 0)).toBe(hand.customers);
    expect(r!.report.overall.bands.reduce((s, b) => s + b.churned, 0)).toBe(hand.churned);
    expect(r!.retention.overall.status).toBe('ok');
    expect(day(Date.parse(r!.asOf))).toBe(day(AS_OF));

    // Read and observed 16 accounts at a time: the same report (3 property-history calls, not 1).
    // Twice in this process at the same as-of: each backtest reads its own run of shared history.
    const figures = ({ seconds, apiCalls, fieldHistoryCalls, historyCalls, ...rest }: ConnectionBacktest) => rest;
    for (let i = 0; i < 2; i++) {
      const chunked = await backtestConnection(await rt.contexts.get(r!.connectionId), rt.store, { now: Date.parse(r!.asOf), range: r!.range, chunk: 16 });
      expect(figures(JSON.parse(JSON.stringify(chunked)) as ConnectionBacktest)).toEqual(figures(r!));
      expect(chunked.fieldHistoryCalls).toEqual({ made: 3, minimum: 1 });
    }
  }, 60_000);

  it('the default policy finds at_risk above the base rate; the suggested weights follow the hidden order and do no worse held out', async () => {
    const sandbox = await e.sandbox('hubspot', { accounts: 400, seed: 3, past: { weights: HIDDEN, noise: 6 } });
    const { rt } = await e.connected(sandbox, 'hubspot');
    expect((await runCycle(rt, { full: false, dryRun: false }, quiet)).code).toBe(0);
    const run = await runBacktests(rt, {});
    expect(run.code).toBe(0);
    if (run.code !== 0) return;
    const r = run.results[0]!;
    expect(r.report.overall.churned).toBeGreaterThan(20);
    expect(r.report.overall.atRisk.lift).toBeGreaterThan(1);
    const w = r.suggested.fit.weights;
    expect(w.usage).toBeGreaterThan(w.engagement);
    expect(w.engagement).toBeGreaterThan(w.tickets);
    expect(w.tickets).toBeGreaterThanOrEqual(w.nps);
    expect(r.suggested.heldOut.suggested.auc!).toBeGreaterThanOrEqual(r.suggested.heldOut.current.auc!);
  }, 180_000);

  it('GET /api/connections/:id/backtest queues the job once (202), then answers from the cache (200)', async () => {
    const sandbox = await e.sandbox('hubspot', { accounts: 30, seed: 9, past: { weights: HIDDEN, noise: 6 } });
    const token = 'backtest-admin-token-0123456789';
    const { rt: admin, connectionId } = await e.connected(sandbox, 'hubspot');
    expect((await runCycle(admin, { full: false, dryRun: false }, quiet)).code).toBe(0);
    const server = createApp({ ...httpDeps(admin), adminToken: new Secret(token) }).listen(0, '127.0.0.1');
    e.later(() => server.close());
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
    const get = async () => {
      const res = await fetch(`${base}/api/connections/${connectionId}/backtest`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const first = await get();
    expect(first).toMatchObject({ status: 202, body: { status: 'queued', stale: null } });
    expect(await get()).toMatchObject({ status: 202, body: { jobId: first.body.jobId } });
    const worker = startWorker(admin.jobs, { connection: admin.bull, prefix: e.prefix, concurrency: 1, lockMs: 5_000, outage: admin.outage });
    e.later(() => worker.close());
    await jobsDone(admin.queue, admin.bull, 'backtest', 1);
    const ready = await get();
    expect(ready).toMatchObject({ status: 200, body: { status: 'ready', report: { connectionId, accounts: 30 } } });
    expect((ready.body.report as { headline: string }).headline).toMatch(/at_risk caught|nothing to predict/);
  }, 60_000);

  it('on Salesforce, reads AccountHistory for the tracked fields and finds at_risk above the base rate', async () => {
    const sandbox = await e.sandbox('salesforce', { accounts: 1_000, seed: 4, past: { weights: HIDDEN, noise: 6 } });
    const { rt } = await e.connected(sandbox, 'salesforce');
    expect((await runCycle(rt, { full: false, dryRun: false }, quiet)).code).toBe(0);
    const run = await runBacktests(rt, {});
    expect(run.code).toBe(0);
    if (run.code !== 0) return;
    const r = run.results[0]!;
    expect(r.history.source).toBe('salesforce_field_history');
    // The org tracks ARR, contract end, usage and NPS; last login is mapped but not tracked.
    expect(r.fieldHistory.tracked.sort()).toEqual(['arr', 'contractEnd', 'featureUsage', 'nps']);
    expect(r.accounts).toBe(1_000);
    expect(r.report.overall.churned).toBeGreaterThan(5);
    expect(r.report.overall.atRisk.lift).toBeGreaterThan(1);
    expect(r.problems).toEqual([]);
    // AccountHistory for 1,000 accounts (past a GET query URL's 16 KB): Composite calls of five
    // pages, at most one short of full, and the describe that names the tracked fields.
    expect(r.fieldHistoryCalls!.minimum).toBeGreaterThan(1);
    expect(r.fieldHistoryCalls!.made).toBeGreaterThan(r.fieldHistoryCalls!.minimum);
    expect(r.fieldHistoryCalls!.made).toBeLessThanOrEqual(r.fieldHistoryCalls!.minimum + 2);
    expect(r.historyCalls!.made).toBeGreaterThanOrEqual(r.historyCalls!.minimum);
  }, 180_000);
});
