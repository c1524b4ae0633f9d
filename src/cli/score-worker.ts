// Worker thread of `crm-pulse score`: scores the batches the main thread sends, in order, with the
// policy and as-of instant it was started with.
import { parentPort, workerData } from 'node:worker_threads';
import { PolicySchema } from '../model/policy.ts';
import { createScorer } from '../scoring/score.ts';
import type { Lines } from './jsonl.ts';
import { scoreBatch, type OutputFormat } from './score-batch.ts';

export interface ScoreWorkerData {
  policy: unknown;
  asOf: number;
  format: OutputFormat;
}

const data = workerData as ScoreWorkerData;
// The policy was validated by the main thread; parsing again restores its exact types.
const score = createScorer(PolicySchema.parse(data.policy), data.asOf);

parentPort!.on('message', (batch: Lines & { seq: number }) => {
  parentPort!.postMessage({ seq: batch.seq, ...scoreBatch(batch, score, data.format) });
});
