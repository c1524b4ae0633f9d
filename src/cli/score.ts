// `crm-pulse score`: scores canonical accounts from a JSONL file, one result a line, streaming in
// constant memory. A bad line is reported on stderr with its number and reason; the rest is scored.
// Large inputs are scored by worker threads, batch by batch, and written back in input order.
import { availableParallelism } from 'node:os';
import type { Writable } from 'node:stream';
import type { AccountRecord } from '../model/record.ts';
import type { Policy } from '../model/policy.ts';
import { createScorer, type ScoreResult } from '../scoring/score.ts';
import { rfmSegments } from '../scoring/rfm.ts';
import { clusterAccounts } from '../scoring/clusters.ts';
import { ChunkedWriter, readLines } from './jsonl.ts';
import { tableHeader, toJsonLine, toTableRow } from './format.ts';
import { parseLine, scoreBatch, type BatchResult, type OutputFormat } from './score-batch.ts';
import { ScoreWorker } from './worker-pool.ts';


export interface ScoreOptions {
  input: string;
  policy: Policy;
  asOf: number;
  format: OutputFormat;
  segments: boolean;
  /** Worker threads that score while the main thread reads and writes; 0 (default) scores on the main thread. */
  threads?: number;
  out: Writable;
  err: (line: string) => void;
}

export interface ScoreSummary {
  scored: number;
  rejected: number;
}

/** One thread unless asked: least memory, and the machines we target have few cores to spare. */
export const DEFAULT_THREADS = 0;

/** A sensible `--threads` for large inputs on this machine: its cores, at most 4. */
export function coreThreads(): number {
  return Math.min(availableParallelism(), 4);
}

export async function runScore(opts: ScoreOptions): Promise<ScoreSummary> {
  const writer = new ChunkedWriter(opts.out);
  if (opts.format === 'table') writer.write(tableHeader(opts.segments));
  const summary = opts.segments ? await scorePortfolio(opts, writer) : await scoreStream(opts, writer);
  await writer.flush();
  return summary;
}

async function scoreStream(opts: ScoreOptions, writer: ChunkedWriter): Promise<ScoreSummary> {
  const score = createScorer(opts.policy, opts.asOf);
  const threads = opts.threads ?? DEFAULT_THREADS;
  const workers: ScoreWorker[] = [];
  const queue: Promise<BatchResult>[] = [];
  const summary: ScoreSummary = { scored: 0, rejected: 0 };
  const maxInFlight = 2 * Math.max(1, threads);

  const drainOne = async () => {
    const r = await queue.shift()!;
    summary.scored += r.scored;
    summary.rejected += r.rejects.length;
    for (const { no, reason } of r.rejects) opts.err(`line ${no}: ${reason}`);
    const full = writer.write(r.out);
    if (full) await full;
  };

  try {
    let seq = 0;
    for await (const batch of readLines(opts.input)) {
      // The first batch is scored here, so a small input never pays for starting workers; the
      // rest go round robin to the workers, and the main thread only reads and writes.
      if (threads === 0 || seq === 0) queue.push(Promise.resolve(scoreBatch(batch, score, opts.format)));
      else {
        const slot = (seq - 1) % threads;
        workers[slot] ??= new ScoreWorker({ policy: opts.policy, asOf: opts.asOf, format: opts.format });
        queue.push(workers[slot].run(seq, batch));
      }
      seq++;
      while (queue.length >= maxInFlight) await drainOne();
    }
    while (queue.length) await drainOne();
  } finally {
    await Promise.all(workers.map((w) => w.close()));
  }
  return summary;
}

/** Segments rank each account against the whole portfolio, so results are held until the end. */
async function scorePortfolio(opts: ScoreOptions, writer: ChunkedWriter): Promise<ScoreSummary> {
  const score = createScorer(opts.policy, opts.asOf);
  const held: { result: ScoreResult; record: AccountRecord }[] = [];
  const summary: ScoreSummary = { scored: 0, rejected: 0 };
  for await (const { first, texts } of readLines(opts.input)) {
    texts.forEach((text, i) => {
      if (text.trim() === '') return;
      const line = parseLine(text);
      if ('reason' in line) {
        summary.rejected++;
        opts.err(`line ${first + i}: ${line.reason}`);
      } else held.push({ result: score(line.record), record: line.record });
    });
  }
  summary.scored = held.length;
  const rfm = rfmSegments(held.map((h) => ({ id: h.record.id, deals: h.record.deals })), opts.asOf, opts.policy);
  const clusters = clusterAccounts(
    held.map(({ result, record }) => ({
      id: record.id,
      arr: record.arr,
      featureUsage: record.featureUsage,
      health: result.health.score,
      engagement: result.activity.engagementMinutes,
    })),
    opts.policy,
  );
  const emit = opts.format === 'table' ? toTableRow : toJsonLine;
  for (const { result } of held) {
    const full = writer.write(emit({ result, segment: rfm.get(result.accountId)?.text ?? null, cluster: clusters.byId.get(result.accountId) ?? null }));
    if (full) await full;
  }
  return summary;
}
