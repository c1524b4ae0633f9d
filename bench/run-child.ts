// Runs `crm-pulse run --json` (or another command) in a child process the way an operator does
// (the bin, a fresh environment, workers in the process), under GNU time for its peak RSS, and
// reads what it printed.
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

export interface CliRun {
  stdout: string;
  /** Start to exit of the process. */
  processSeconds: number;
  peakRssMb: number;
}

/** `crm-pulse <args>` to its end; throws with the end of its stderr when it exits other than 0. */
export async function runCli(env: Record<string, string>, args: readonly string[]): Promise<CliRun> {
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-f', 'maxrss_kb=%M', process.execPath, bin, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  if (code !== 0) throw new Error(`crm-pulse ${args[0]} exited ${code}: ${err.slice(-2000)}`);
  return { stdout: out, processSeconds: (performance.now() - started) / 1000, peakRssMb: Number(/maxrss_kb=(\d+)/.exec(err)?.[1] ?? Number.NaN) / 1024 };
}

export async function runChild(env: Record<string, string>, args: readonly string[] = []): Promise<ChildRun> {
  const { stdout, processSeconds, peakRssMb } = await runCli(env, ['run', '--json', ...args]);
  return { summary: SummarySchema.parse(JSON.parse(stdout)), processSeconds, peakRssMb };
}
