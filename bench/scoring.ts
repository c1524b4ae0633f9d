// Scoring benchmark: the engine in-process (accounts/s) and `crm-pulse score` end to end through
// a pipe (accounts/s and the child's peak RSS), at 100,000 and 1,000,000 accounts with 20
// activities each. Targets (issue 2): engine >= 200,000/s, CLI >= 20,000/s, peak RSS <= 256 MB.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AccountRecordSchema, type AccountRecord } from '../src/model/record.ts';
import { DEFAULTS } from '../src/model/policy.ts';
import { createScorer } from '../src/scoring/score.ts';
import { rng } from '../src/sandbox/random.ts';
import { makeAccount } from './portfolio.ts';

const AS_OF = Date.parse('2026-11-23T23:59:59.999Z');
const ACTIVITIES = 20;
const POOL = 20_000;
const CLI_RUNS = 3;

export interface ScoringFigures {
  accounts: number;
  engineRate: number;
  /** Median of three runs. */
  cliRate: number;
  /** The highest of the three runs. */
  cliPeakRssMb: number;
}

/**
 * The engine is timed over a pool of distinct parsed accounts scored in turn, so the figure is
 * scoring alone (parsing is the CLI's share) and memory stays flat at any count.
 */
function engineRate(pool: AccountRecord[], count: number): number {
  let sink = 0;
  const score = createScorer(DEFAULTS, AS_OF);
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) sink += score(pool[i % pool.length]!).why.length;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (sink === 0) throw new Error('nothing scored');
  return count / seconds;
}

/** Feeds `count` JSONL accounts to the real CLI through its stdin; reads peak RSS with GNU time. */
async function cliRun(count: number): Promise<{ rate: number; peakRssMb: number }> {
  const bin = fileURLToPath(new URL('../bin/crm-pulse.js', import.meta.url));
  const child = spawn('/usr/bin/time', ['-f', 'maxrss_kb=%M', process.execPath, bin, 'score', '--input', '-', '--as-of', '2026-11-23'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let lines = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  const rand = rng(7);
  const texts: string[] = [];
  for (let i = 0; i < POOL; i++) texts.push(`${JSON.stringify(makeAccount(i, AS_OF, ACTIVITIES, rand))}\n`);
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    if (!child.stdin.write(texts[i % POOL]!)) await new Promise((r) => child.stdin.once('drain', r));
  }
  child.stdin.end();
  const code = await done;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (code !== 0 || lines !== count) throw new Error(`crm-pulse score exited ${code} with ${lines}/${count} lines: ${stderr}`);
  const kb = Number(/maxrss_kb=(\d+)/.exec(stderr)?.[1] ?? NaN);
  return { rate: count / seconds, peakRssMb: kb / 1024 };
}

export async function benchScoring(sizes = [100_000, 1_000_000]): Promise<ScoringFigures[]> {
  const rand = rng(42);
  const pool = Array.from({ length: POOL }, (_, i) => AccountRecordSchema.parse(makeAccount(i, AS_OF, ACTIVITIES, rand)));
  engineRate(pool, 300_000); // warm-up: let the JIT reach its steady state before measuring
  const out: ScoringFigures[] = [];
  for (const accounts of sizes) {
    const rate = engineRate(pool, accounts);
    // The median of three runs: one child process on a 2-core machine is at the mercy of
    // whatever else runs there.
    const runs: { rate: number; peakRssMb: number }[] = [];
    for (let i = 0; i < CLI_RUNS; i++) runs.push(await cliRun(accounts));
    runs.sort((a, b) => a.rate - b.rate);
    const median = runs[Math.floor(runs.length / 2)]!;
    out.push({ accounts, engineRate: rate, cliRate: median.rate, cliPeakRssMb: Math.max(...runs.map((r) => r.peakRssMb)) });
  }
  return out;
}

export function printScoring(rows: ScoringFigures[]): void {
  console.log(`scoring (${ACTIVITIES} activities per account)`);
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log('accounts   engine acc/s (target 200,000)  cli acc/s (target 20,000)  cli peak RSS (target 256 MB)');
  for (const r of rows) {
    console.log(`${String(r.accounts).padStart(9)}  ${n(r.engineRate).padStart(28)}  ${n(r.cliRate).padStart(25)}  ${r.cliPeakRssMb.toFixed(0).padStart(25)} MB`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  printScoring(await benchScoring(sizes.length ? sizes : undefined));
}
