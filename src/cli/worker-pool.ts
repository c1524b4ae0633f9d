// A small pool of score workers: each batch goes to one worker and its result comes back as a
// promise, so the caller can keep output in input order.
import { Worker } from 'node:worker_threads';
import type { Lines } from './jsonl.ts';
import type { BatchResult } from './score-batch.ts';
import type { ScoreWorkerData } from './score-worker.ts';

// Built code runs score-worker.js; the sources (no build) run score-worker.ts.
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './score-worker.ts' : './score-worker.js', import.meta.url);

interface Pending {
  resolve: (r: BatchResult) => void;
  reject: (e: Error) => void;
}

export class ScoreWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | null = null;

  constructor(data: ScoreWorkerData) {
    // A worker holds a batch or two at a time: a small heap keeps the process's memory flat
    // whatever the input size.
    this.worker = new Worker(WORKER_URL, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: 48 } });
    this.worker.on('message', (m: BatchResult & { seq: number }) => {
      const p = this.pending.get(m.seq);
      this.pending.delete(m.seq);
      p?.resolve(m);
    });
    const fail = (e: Error) => {
      this.failure = e;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`score worker exited with code ${code}`));
    });
  }

  run(seq: number, batch: Lines): Promise<BatchResult> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      this.worker.postMessage({ seq, ...batch });
    });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}
