// Runs `crm-pulse run --json` in a child process the way an operator does (the bin, a fresh
// environment, workers in the process), under GNU time for its peak RSS, and reads the summary.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const bin = fileURLToPath(new URL('../bin/crm-pulse.js', import.meta.url));

const SummarySchema = z.object({
  durationMs: z.number(),
  apiCalls: z.record(z.string(), z.number()),
  counts: z.object({ accountsRead: z.number(), accountsScored: z.number(), accountsWritten: z.number(), tasksCreated: z.number(), errors: z.number() }).loose(),
});

export interface ChildRun {
  summary: z.output<typeof SummarySchema>;
  /** Start to exit of the process. */
  processSeconds: number;
  peakRssMb: number;
}

export async function runChild(env: Record<string, string>, args: readonly string[] = []): Promise<ChildRun> {
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-f', 'maxrss_kb=%M', process.execPath, bin, 'run', '--json', ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  if (code !== 0) throw new Error(`crm-pulse run exited ${code}: ${err.slice(-2000)}`);
  return {
    summary: SummarySchema.parse(JSON.parse(out)),
    processSeconds: (performance.now() - started) / 1000,
    peakRssMb: Number(/maxrss_kb=(\d+)/.exec(err)?.[1] ?? Number.NaN) / 1024,
  };
}
