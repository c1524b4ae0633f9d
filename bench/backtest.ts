// Backtest benchmark (issue 15): the real `crm-pulse backtest --json` (bin, child process, heap
// limits as an operator runs it) against the local sandbox holding N accounts with two years of
// past (src/sandbox/past.ts; churn following hidden weights 50 / 30 / 15 / 5 plus noise 6), over 12
// as-of dates (`--months 14`, step 30 days, horizon 90), after one `crm-pulse run` has cached the
// portfolio. Reports the history read's calls against their minimum as the report counts them
// (field history and activities / tickets / deals, docs/backtest.md), the read and compute time
// the report gives, the process's wall time and peak RSS, and for HubSpot the least time its
// rate limit allows for the calls made. Targets: history read within 1.2x of its minimum,
// compute under 60 s, the process under 300 MB.
//   npm run build && node bench/backtest.ts [hubspot|salesforce|both] [accounts] [--limit requests-per-10-s]
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { ConnectionBacktest } from '../src/pipeline/backtest.ts';
import { startSandbox, type SandboxCrm } from '../src/sandbox/sandbox.ts';
import { Keys } from '../src/store/keys.ts';
import { deleteMatching } from '../src/store/redis.ts';
import { SEARCHES_PER_S, windows } from './cycle.ts';
import { runChild, runCli } from './run-child.ts';

const HIDDEN = { usage: 50, engagement: 30, tickets: 15, nps: 5 };

export interface BacktestFigures {
  crm: SandboxCrm;
  accounts: number;
  dates: number;
  observations: number;
  /** The `crm-pulse run` that cached the portfolio first. */
  setupSeconds: number;
  fieldHistoryCalls: { made: number; minimum: number } | null;
  historyCalls: { made: number; minimum: number } | null;
  /** All of the read's calls against the sum of both minimums. */
  callRatio: number | null;
  searchCalls: number;
  otherCalls: number;
  /** HubSpot: the least time its rate limit allows for these calls. */
  rateLimitSeconds: number | null;
  readSeconds: number;
  computeSeconds: number;
  processSeconds: number;
  peakRssMb: number;
  headline: string;
  suggested: Record<string, number>;
  heldOutAuc: { current: number | null; suggested: number | null };
}

export async function benchBacktest(crm: SandboxCrm, accounts: number, requestsPer10s = 110): Promise<BacktestFigures> {
  const sandbox = await startSandbox({ crms: [crm], accounts, seed: 1, past: { weights: HIDDEN, noise: 6 }, hubspotLimits: { requestsPer10s, searchPerSecond: SEARCHES_PER_S, daily: 10_000_000 } });
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `crm-pulse-bench-${randomUUID()}`;
  const env = { ...sandbox.env(crm), REDIS_URL: redisUrl, CRM_PULSE_REDIS_PREFIX: prefix, HUBSPOT_REQUESTS_PER_10S: String(requestsPer10s) };
  try {
    const setup = await runChild(env);
    // The backtest starts with HubSpot's rate-limit window free, as a nightly one would.
    if (crm === 'hubspot') await sleep(10_500);
    const run = await runCli(env, ['backtest', '--json', '--months', '14']);
    const r = (JSON.parse(run.stdout) as { connections: ConnectionBacktest[] }).connections[0]!;
    const calls = Object.entries(r.apiCalls);
    const searchCalls = crm === 'hubspot' ? calls.filter(([route]) => route.endsWith('/search')).reduce((t, [, n]) => t + n, 0) : 0;
    const otherCalls = calls.reduce((t, [, n]) => t + n, 0) - searchCalls;
    const minimum = (r.fieldHistoryCalls?.minimum ?? 0) + (r.historyCalls?.minimum ?? 0);
    return {
      crm,
      accounts: r.accounts,
      dates: r.dates.length,
      observations: r.observations,
      setupSeconds: setup.processSeconds,
      fieldHistoryCalls: r.fieldHistoryCalls,
      historyCalls: r.historyCalls,
      callRatio: minimum > 0 ? (searchCalls + otherCalls) / minimum : null,
      searchCalls,
      otherCalls,
      rateLimitSeconds: crm === 'hubspot' ? Math.max(windows(otherCalls, requestsPer10s, 10_000), windows(searchCalls, SEARCHES_PER_S, 1_000)) / 1000 : null,
      readSeconds: r.seconds.read,
      computeSeconds: r.seconds.compute,
      processSeconds: run.processSeconds,
      peakRssMb: run.peakRssMb,
      headline: r.headline,
      suggested: r.suggested.fit.weights,
      heldOutAuc: { current: r.suggested.heldOut.current.auc, suggested: r.suggested.heldOut.suggested.auc },
    };
  } finally {
    await sandbox.close();
    const redis = new Redis(redisUrl);
    await deleteMatching(redis, new Keys(prefix).everything());
    await redis.quit();
  }
}

const n = (x: number) => x.toLocaleString('en-US');
const against = (c: { made: number; minimum: number } | null) => (c ? `${n(c.made)} calls against a minimum of ${n(c.minimum)} (${(c.made / c.minimum).toFixed(3)}x)` : 'not counted');

export function printBacktest(f: BacktestFigures): void {
  console.log(`${f.crm} backtest: ${n(f.accounts)} accounts, ${f.dates} as-of dates, ${n(f.observations)} observations (setup run ${f.setupSeconds.toFixed(1)} s)`);
  console.log(`  field history ${against(f.fieldHistoryCalls)}; activities, tickets and deals ${against(f.historyCalls)}`);
  console.log(`  all calls ${n(f.otherCalls)}${f.searchCalls ? ` + ${n(f.searchCalls)} searches` : ''}, ${f.callRatio === null ? 'no minimum' : `${f.callRatio.toFixed(3)}x the minimum`}${f.rateLimitSeconds === null ? '' : `; rate-limit minimum ${f.rateLimitSeconds.toFixed(1)} s`}`);
  console.log(`  read ${f.readSeconds.toFixed(1)} s, compute ${f.computeSeconds.toFixed(1)} s, process ${f.processSeconds.toFixed(1)} s, peak RSS ${f.peakRssMb.toFixed(0)} MB`);
  console.log(`  ${f.headline}; suggested ${Object.values(f.suggested).join(' / ')}; held-out AUC ${f.heldOutAuc.current?.toFixed(3)} (current) vs ${f.heldOutAuc.suggested?.toFixed(3)} (suggested)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--limit');
  const limit = at >= 0 ? Number(args.splice(at, 2)[1]) : 110;
  const [which = 'both', size = '10000'] = args;
  const crms: SandboxCrm[] = which === 'both' ? ['hubspot', 'salesforce'] : [which as SandboxCrm];
  for (const crm of crms) printBacktest(await benchBacktest(crm, Number(size), limit));
}
