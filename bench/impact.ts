// Impact preview benchmark: POST /impact's computation (pipeline/impact.ts) over a cached
// portfolio of 10,000 and 100,000 accounts, with Redis. The store is seeded as a first cycle
// leaves it: the synthetic accounts of bench/portfolio.ts (about 20 activities each) scored by
// the real engine under the default policy, then each account's canonical values, score,
// activity summary and deals, a snapshot 30 days back for half of them and today's, and the
// tasks the playbook asked for (confirmed, as the write pass leaves them). The preview then
// applies a draft with other weights and bands. It runs in a child process of its own, so its
// peak RSS is the preview's alone; three previews, each timed, the median reported.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { AccountRecordSchema } from '../src/model/record.ts';
import { DEFAULTS, resolvePolicy } from '../src/model/policy.ts';
import { portfolioImpact } from '../src/pipeline/impact.ts';
import { keptBasisKey } from '../src/scoring/kept-basis.ts';
import { comparisonSnapshot } from '../src/scoring/snapshot.ts';
import { createScorer } from '../src/scoring/score.ts';
import { rng } from '../src/sandbox/random.ts';
import { createStore, type Store } from '../src/store/index.ts';
import { deleteMatching } from '../src/store/redis.ts';
import { Keys } from '../src/store/keys.ts';
import { makeAccount } from './portfolio.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const AS_OF = Date.parse('2026-11-23T12:00:00.000Z');
const CONNECTION = 'bench-impact';
const DRAFT = { health: { weights: { usage: 25, engagement: 45, tickets: 20, nps: 10 }, bands: { healthy: 75, watch: 55 } } };
const RUNS = 3;
const CHUNK = 1_000;

export interface ImpactFigures {
  accounts: number;
  seedSeconds: number;
  /** Each preview's time, in ms. */
  runsMs: number[];
  medianMs: number;
  /** The child process's peak RSS over its three previews. */
  peakRssMb: number;
  moved: number;
  tasks: number;
}

async function seed(store: Store, count: number): Promise<void> {
  const rand = rng(42);
  const score = createScorer(DEFAULTS, AS_OF);
  const basis = keptBasisKey(DEFAULTS);
  for (let from = 0; from < count; from += CHUNK) {
    const records = Array.from({ length: Math.min(CHUNK, count - from) }, (_, k) => AccountRecordSchema.parse(makeAccount(from + k, AS_OF, 20, rand)));
    const results = records.map((r) => score(r));
    await store.accounts.setMany(CONNECTION, records.map(({ activities: _a, deals: _d, snapshots: _s, tasks: _t, ...account }) => account));
    await store.scores.setMany(CONNECTION, results);
    await store.summaries.setMany(
      CONNECTION,
      records.map((r, i) => {
        const res = results[i]!;
        const scored = { score: res.health.score, band: res.health.band, tier: res.tier, why: res.why, signals: res.signals.map((s) => s.code) };
        return { accountId: r.id, asOf: AS_OF, basis, summary: res.activity, deals: r.deals, compared: comparisonSnapshot(r.snapshots, AS_OF, DEFAULTS), scored };
      }),
    );
    await store.snapshots.putMany(CONNECTION, [
      ...records.flatMap((r) => r.snapshots.map((s) => ({ accountId: r.id, at: s.date, score: s.score ?? null, nps: null }))),
      ...results.map((r) => ({ accountId: r.accountId, at: AS_OF, score: r.health.score, nps: null })),
    ]);
    await store.tasks.confirm(
      CONNECTION,
      results.flatMap((r) => r.tasks.map((t) => ({ key: t.key, accountId: r.accountId, kind: t.kind, dealId: t.dealId, crmId: `task-${t.key}`, createdAt: AS_OF, subject: t.subject, dueAt: t.dueAt }))),
    );
  }
}

/** The child: previews the seeded portfolio RUNS times and prints its figures as JSON. */
async function child(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  const store = createStore({ redis, prefix, keyring: null });
  const draft = resolvePolicy(DRAFT);
  const runsMs: number[] = [];
  let answer;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    answer = await portfolioImpact(store, CONNECTION, DEFAULTS, draft);
    runsMs.push(Math.round(performance.now() - started));
  }
  if (!answer?.ok) throw new Error('the preview refused the draft');
  const { impact } = answer;
  const moved = impact.bands.filter((c) => c.from !== c.to).reduce((n, c) => n + c.count, 0);
  const tasks = impact.tasks.reduce((n, t) => n + t.count, 0);
  console.log(JSON.stringify({ runsMs, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), accounts: impact.accounts, moved, tasks }));
  await redis.quit();
}

export async function benchImpact(counts: readonly number[] = [10_000, 100_000]): Promise<ImpactFigures[]> {
  const out: ImpactFigures[] = [];
  for (const count of counts) {
    const prefix = `crm-pulse-bench-impact-${randomUUID()}`;
    const redis = new Redis(REDIS_URL);
    try {
      const started = performance.now();
      await seed(createStore({ redis, prefix, keyring: null }), count);
      const seedSeconds = (performance.now() - started) / 1000;
      const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', prefix], { encoding: 'utf8', env: { ...process.env, REDIS_URL } });
      if (run.status !== 0) throw new Error(`impact child failed: ${run.stderr}`);
      const figures = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { runsMs: number[]; peakRssMb: number; accounts: number; moved: number; tasks: number };
      if (figures.accounts !== count) throw new Error(`previewed ${figures.accounts} of ${count} accounts`);
      const sorted = [...figures.runsMs].sort((a, b) => a - b);
      out.push({ accounts: count, seedSeconds, runsMs: figures.runsMs, medianMs: sorted[Math.floor(sorted.length / 2)]!, peakRssMb: figures.peakRssMb, moved: figures.moved, tasks: figures.tasks });
    } finally {
      await deleteMatching(redis, new Keys(prefix).everything());
      await redis.quit();
    }
  }
  return out;
}

export function printImpact(figures: readonly ImpactFigures[]): void {
  console.log('Impact preview (bench/impact.ts): a draft policy over the cached portfolio, target < 5 s at 100,000');
  for (const f of figures) {
    console.log(
      `  ${f.accounts.toLocaleString('en-US').padStart(7)} accounts: ${(f.medianMs / 1000).toFixed(2)} s median of [${f.runsMs.map((ms) => (ms / 1000).toFixed(2)).join(', ')}] s, peak RSS ${f.peakRssMb} MB; ${f.moved.toLocaleString('en-US')} change band, ${f.tasks.toLocaleString('en-US')} tasks would be created (seeded in ${f.seedSeconds.toFixed(1)} s)`,
    );
  }
}

if (process.argv[2] === '--child') await child(process.argv[3]!);
else if (import.meta.url === `file://${process.argv[1]}`) printImpact(await benchImpact(process.argv.slice(2).map(Number).filter((n) => n > 0).length ? process.argv.slice(2).map(Number) : undefined));
