// Scores one batch of JSONL lines (a read chunk's worth) to output text: the unit of work of
// `crm-pulse score`.
import type { z } from 'zod';
import { AccountRecordSchema, type AccountRecord, describeIssues } from '../model/index.ts';
import type { Scorer } from '../scoring/index.ts';
import type { Lines } from './line-split.ts';
import { toJsonLine, toTableRow } from './format.ts';

export type OutputFormat = 'jsonl' | 'table';

export interface BatchResult {
  out: string;
  scored: number;
  rejects: { no: number; reason: string }[];
}

export function parseLine(text: string): { record: AccountRecord } | { reason: string } {
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

export function scoreBatch({ first, texts, rejects: tooLong }: Lines, score: Scorer, format: OutputFormat): BatchResult {
  const emit = format === 'table' ? toTableRow : toJsonLine;
  const parts: string[] = [];
  const rejects: BatchResult['rejects'] = [];
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    if (text.trim() === '') continue;
    const line = parseLine(text);
    if ('reason' in line) rejects.push({ no: first + i, reason: line.reason });
    else parts.push(emit({ result: score(line.record) }));
  }
  return { out: parts.join(''), scored: parts.length, rejects: inOrder(tooLong, rejects) };
}

/** The reader's rejects (over-long lines) and the parser's, by line number. */
export function inOrder(a: BatchResult['rejects'], b: BatchResult['rejects']): BatchResult['rejects'] {
  return a.length === 0 ? b : b.length === 0 ? a : [...a, ...b].sort((x, y) => x.no - y.no);
}
