// `crm-pulse score`: scores canonical accounts from a JSONL file, one result a line, streaming in
// constant memory. A bad line is reported on stderr with its number and reason; the rest is scored.
import { z } from 'zod';
import { AccountRecordSchema, type AccountRecord } from '../model/record.ts';
import type { Policy } from '../model/policy.ts';
import { describeIssues } from '../model/policy.ts';
import { createScorer, type ScoreResult } from '../scoring/score.ts';
import { rfmSegments } from '../scoring/rfm.ts';
import { clusterAccounts } from '../scoring/clusters.ts';
import { ChunkedWriter, readLines } from './jsonl.ts';
import { tableHeader, toJsonLine, toTableRow, type Scored } from './format.ts';

export const EXIT = { ok: 0, rejected: 1, usage: 2 } as const;

export interface ScoreOptions {
  input: string;
  policy: Policy;
  asOf: number;
  format: 'jsonl' | 'table';
  segments: boolean;
  out: NodeJS.WritableStream & import('node:stream').Writable;
  err: (line: string) => void;
}

export interface ScoreSummary {
  scored: number;
  rejected: number;
}

function parseLine(text: string): { record: AccountRecord } | { reason: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { reason: `not valid JSON (${(e as Error).message})` };
  }
  const parsed = AccountRecordSchema.safeParse(doc);
  if (!parsed.success) return { reason: describeIssues(parsed.error as z.ZodError).join('; ') };
  return { record: parsed.data };
}

export async function runScore(opts: ScoreOptions): Promise<ScoreSummary> {
  const writer = new ChunkedWriter(opts.out);
  const emit = opts.format === 'table' ? toTableRow : toJsonLine;
  if (opts.format === 'table') writer.write(tableHeader(opts.segments));
  const held: { result: ScoreResult; record: AccountRecord }[] = [];
  const summary: ScoreSummary = { scored: 0, rejected: 0 };
  const score = createScorer(opts.policy, opts.asOf);

  for await (const { first, texts } of readLines(opts.input)) {
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i]!;
      if (text.trim() === '') continue;
      const line = parseLine(text);
      if ('reason' in line) {
        summary.rejected++;
        opts.err(`line ${first + i}: ${line.reason}`);
        continue;
      }
      const result = score(line.record);
      summary.scored++;
      // Segments rank an account against the whole portfolio, so only then are results held.
      if (opts.segments) held.push({ result, record: line.record });
      else {
        const full = writer.write(emit({ result }));
        if (full) await full;
      }
    }
  }

  if (opts.segments) {
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
    for (const { result } of held) {
      const scored: Scored = { result, segment: rfm.get(result.accountId)?.text ?? null, cluster: clusters.byId.get(result.accountId) ?? null };
      const full = writer.write(emit(scored));
      if (full) await full;
    }
  }
  await writer.flush();
  return summary;
}
