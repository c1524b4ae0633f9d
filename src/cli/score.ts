// `crm-pulse score`: scores canonical accounts from a JSONL file, one result a line, streaming in
// constant memory. A bad line is reported on stderr with its number and reason; the rest is scored.
import type { Writable } from 'node:stream';
import type { AccountRecord, Policy } from '../model/index.ts';
import { createScorer, type ScoreResult, rfmSegments } from '../scoring/index.ts';
import { ChunkedWriter, readLines } from './jsonl.ts';
import { tableHeader, toJsonLine, toTableRow } from './format.ts';
import { inOrder, parseLine, scoreBatch, type OutputFormat } from './score-batch.ts';


export interface ScoreOptions {
  input: string;
  policy: Policy;
  asOf: number;
  format: OutputFormat;
  segments: boolean;
  /** Longest line read, in bytes; a longer one is rejected (`--max-line-bytes`). */
  maxLineBytes?: number;
  out: Writable;
  err: (line: string) => void;
}

export interface ScoreSummary {
  scored: number;
  rejected: number;
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
  const summary: ScoreSummary = { scored: 0, rejected: 0 };
  for await (const batch of readLines(opts.input, opts.maxLineBytes)) {
    const r = scoreBatch(batch, score, opts.format);
    summary.scored += r.scored;
    summary.rejected += r.rejects.length;
    for (const { no, reason } of r.rejects) opts.err(`line ${no}: ${reason}`);
    const full = writer.write(r.out);
    if (full) await full;
  }
  return summary;
}

/** Segments rank each account against the whole portfolio, so results are held until the end. */
async function scorePortfolio(opts: ScoreOptions, writer: ChunkedWriter): Promise<ScoreSummary> {
  const score = createScorer(opts.policy, opts.asOf);
  const held: { result: ScoreResult; record: AccountRecord }[] = [];
  const summary: ScoreSummary = { scored: 0, rejected: 0 };
  for await (const { first, texts, rejects: tooLong } of readLines(opts.input, opts.maxLineBytes)) {
    const rejects: { no: number; reason: string }[] = [];
    texts.forEach((text, i) => {
      if (text.trim() === '') return;
      const line = parseLine(text);
      if ('reason' in line) rejects.push({ no: first + i, reason: line.reason });
      else held.push({ result: score(line.record), record: line.record });
    });
    for (const { no, reason } of inOrder(tooLong, rejects)) opts.err(`line ${no}: ${reason}`);
    summary.rejected += tooLong.length + rejects.length;
  }
  summary.scored = held.length;
  const rfm = rfmSegments(held.map((h) => ({ id: h.record.id, deals: h.record.deals })), opts.asOf, opts.policy);
  // ml-kmeans (and ml-matrix under it) is loaded only here: it doubled the start-up of a
  // streaming run that never clusters.
  const { clusterAccounts } = await import('../scoring/index.ts');
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
