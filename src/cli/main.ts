// The crm-pulse command line: parses arguments with commander and hands each command its options.
// Each command loads its own modules when it runs: `score` must not carry the queue, server and
// CRM clients (their heap made every garbage collection of a scoring run costlier), and `--help`
// stays quick.
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseAsOf } from '../model/dates.ts';
// Light at import (commander and node:fs only): its Salesforce modules load when `check` runs.
import { salesforceCommand } from './salesforce-check.ts';

/** Exit codes of `score` (and of bad arguments to any command). */
const EXIT = { ok: 0, rejected: 1, usage: 2 } as const;

function asOfArg(value: string): number {
  const ms = parseAsOf(value);
  if (ms === undefined) throw new InvalidArgumentError('must be a date (YYYY-MM-DD) or an ISO date-time with zone, e.g. 2026-11-23 or 2026-11-23T09:00:00Z');
  return ms;
}

const program = new Command('crm-pulse')
  .description('Tier, health score, churn and renewal triggers for HubSpot and Salesforce accounts')
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : EXIT.usage))
  .configureOutput({ outputError: (text, write) => write(text) });

program
  .command('score')
  .description('Score canonical accounts (JSONL, activities inline) and print one result a line')
  .requiredOption('--input <file>', 'JSONL file of canonical accounts, or - for standard input')
  .option('--policy <file>', 'partial scoring policy (JSON), merged over the defaults')
  .addOption(new Option('--as-of <date>', 'the date every rule is computed for (default: now; env CRM_PULSE_AS_OF)').argParser(asOfArg))
  .addOption(new Option('--format <format>', 'output format').choices(['jsonl', 'table']).default('jsonl'))
  .option('--segments', 'hold the whole portfolio to add RFM segments and k-means clusters (memory grows with input)', false)
  .addHelpText(
    'after',
    `
Exit codes:
  0  every line was scored
  1  some lines were rejected (each reported on stderr with its line number); the rest were scored
  2  nothing was scored: bad arguments, unreadable input, or an invalid policy file

Example:
  crm-pulse score --input examples/accounts.jsonl --as-of 2026-11-23 --format table`,
  )
  .action(async (opts: { input: string; policy?: string; asOf?: number; format: 'jsonl' | 'table'; segments: boolean }) => {
    const envAsOf = process.env.CRM_PULSE_AS_OF;
    let asOf = opts.asOf;
    if (asOf === undefined && envAsOf) {
      asOf = parseAsOf(envAsOf);
      if (asOf === undefined) return fail(`CRM_PULSE_AS_OF: "${envAsOf}" is not a date (YYYY-MM-DD) or ISO date-time`);
    }
    const [{ loadPolicyFile }, { PolicyError }, { runScore }] = await Promise.all([
      import('../config/policy-file.ts'),
      import('../model/policy.ts'),
      import('./score.ts'),
    ]);
    let policy;
    try {
      policy = await loadPolicyFile(opts.policy);
    } catch (e) {
      if (e instanceof PolicyError) return fail(e.message);
      throw e;
    }
    try {
      const summary = await runScore({
        input: opts.input,
        policy,
        asOf: asOf ?? Date.now(),
        format: opts.format,
        segments: opts.segments,
        out: process.stdout,
        err: (line) => process.stderr.write(`${line}\n`),
      });
      process.stderr.write(`crm-pulse score: ${summary.scored} scored, ${summary.rejected} rejected\n`);
      process.exitCode = summary.rejected > 0 ? EXIT.rejected : EXIT.ok;
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'ENOENT' || err.code === 'EACCES' || err.code === 'EISDIR') return fail(`cannot read --input ${opts.input} (${err.code})`);
      throw e;
    }
  });

program
  .command('run')
  .description('Run one cycle (sync, score, write-back) of each connection through the queue, then exit')
  .option('--connection <id>', 'only this connection (default: every stored connection, or the one the environment describes)')
  .option('--full', 'read every account, not only those changed since the last run', false)
  .option('--dry-run', 'write nothing to the CRM; print what would be written', false)
  .addOption(new Option('--as-of <date>', 'the date every rule is computed for (default: now; env CRM_PULSE_AS_OF)').argParser(asOfArg))
  .option('--json', 'print one JSON summary object on stdout', false)
  .addHelpText(
    'after',
    `
Exit codes:
  0  the cycle finished (problems with single records are reported, not fatal)
  1  a cycle could not finish: the CRM refused access, or stayed unreachable after retries
  2  bad configuration: environment, connection, mapping or policy, or Redis not answering

Example:
  CRM_PULSE_CRM=hubspot HUBSPOT_ACCESS_TOKEN=pat-... CRM_PULSE_MAPPING=examples/mapping.hubspot.json crm-pulse run --dry-run`,
  )
  .action(async (opts: { connection?: string; full: boolean; dryRun: boolean; asOf?: number; json: boolean }) => {
    (await import('./heap.ts')).ensureHeapLimits();
    const [{ startRuntime }, { runCycle }, { formatRunSummary }] = await Promise.all([import('./start.ts'), import('./run.ts'), import('./run-report.ts')]);
    // The progress line is the run's voice on stderr; logs join it only when asked for.
    const rt = await startRuntime('run', { logFd: 2, logLevel: process.env.LOG_LEVEL ? undefined : 'warn' });
    if (!rt) return;
    try {
      const result = await runCycle(rt, opts, { stdout: process.stdout, stderr: process.stderr });
      if (result.message) process.stderr.write(`crm-pulse run: ${result.message}\n`);
      if (result.summary) process.stdout.write(opts.json ? `${JSON.stringify(result.summary)}\n` : formatRunSummary(result.summary));
      process.exitCode = result.code;
    } finally {
      await rt.close();
    }
  });

program
  .command('worker')
  .description('Process queue jobs (syncs, scoring, write-back, webhook re-scores) until SIGTERM; run as many as needed')
  .action(async () => {
    (await import('./heap.ts')).ensureHeapLimits();
    const [{ startRuntime }, { runWorker }] = await Promise.all([import('./start.ts'), import('./worker.ts')]);
    const rt = await startRuntime('worker');
    if (rt) await runWorker(rt);
  });

program
  .command('serve')
  .description('Serve HTTP (HubSpot install, webhooks and record card, admin API, /healthz /readyz /metrics) on PORT until SIGTERM')
  .action(async () => {
    (await import('./heap.ts')).ensureHeapLimits();
    const [{ startRuntime }, { runServer }] = await Promise.all([import('./start.ts'), import('./serve.ts')]);
    const rt = await startRuntime('serve');
    if (rt) await runServer(rt);
  });

program.addCommand(salesforceCommand());

function fail(message: string): void {
  process.stderr.write(`crm-pulse: ${message}\n`);
  process.exitCode = EXIT.usage;
}

// A closed pipe (`crm-pulse score ... | head`) is a normal end, not a crash.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

await program.parseAsync(process.argv);
