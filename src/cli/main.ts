// The crm-pulse command line: parses arguments with commander and hands each command its options.
// Each command loads its own modules when it runs: `score` must not carry the queue, server and
// CRM clients (their heap made every garbage collection of a scoring run costlier), and `--help`
// stays quick.
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
// Light at import (commander only): their modules load when a command runs.
import { keysCommand } from './keys.ts';
import { parseAsOf } from '../model/index.ts';
// Constants only: the reader itself loads with `score`.
import { MAX_LINE_BYTES } from './line-split.ts';
// Light at import (commander and node:fs only): its Salesforce modules load when `check` runs.
import { salesforceCommand } from './salesforce-check.ts';
import type { SandboxCommandOptions } from './sandbox.ts';

/** Exit codes of `score` (and of bad arguments to any command). */
const EXIT = { ok: 0, rejected: 1, usage: 2 } as const;

/** Highest `--max-line-bytes`: 256 MiB, well inside what one string and JSON.parse can hold. */
const MAX_LINE_CAP = 1 << 28;

function asOfArg(value: string): number {
  const ms = parseAsOf(value);
  if (ms === undefined) throw new InvalidArgumentError('must be a date (YYYY-MM-DD) or an ISO date-time with zone, e.g. 2026-11-23 or 2026-11-23T09:00:00Z');
  return ms;
}

/**
 * The package's version, read where it is installed: package.json sits two levels above this
 * module both as src/cli/main.ts and as dist/cli/main.js, in a checkout or an npm install.
 */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

const program = new Command('crm-pulse')
  .description('Tier, health score, churn and renewal triggers for HubSpot and Salesforce accounts')
  .version(packageVersion(), '-V, --version', 'print the version of crm-pulse')
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
  .addOption(new Option('--max-line-bytes <n>', 'longest input line; a longer one is rejected and reading goes on').argParser(wholeArg(1, MAX_LINE_CAP)).default(MAX_LINE_BYTES))
  .addHelpText(
    'after',
    `
Exit codes:
  0  every line was scored
  1  some lines were rejected (each reported on stderr with its line number: bad JSON, a bad field,
     or longer than --max-line-bytes); the rest were scored
  2  nothing was scored: bad arguments, unreadable input, or an invalid policy file

Example:
  crm-pulse score --input examples/accounts.jsonl --as-of 2026-11-23 --format table`,
  )
  .action(async (opts: { input: string; policy?: string; asOf?: number; format: 'jsonl' | 'table'; segments: boolean; maxLineBytes: number }) => {
    const envAsOf = process.env.CRM_PULSE_AS_OF;
    let asOf = opts.asOf;
    if (asOf === undefined && envAsOf) {
      asOf = parseAsOf(envAsOf);
      if (asOf === undefined) return fail(`CRM_PULSE_AS_OF: "${envAsOf}" is not a date (YYYY-MM-DD) or ISO date-time`);
    }
    const [{ loadPolicyFile }, { PolicyError }, { runScore }] = await Promise.all([
      import('../config/index.ts'),
      import('../model/index.ts'),
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
        maxLineBytes: opts.maxLineBytes,
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

Examples:
  CRM_PULSE_CRM=hubspot HUBSPOT_ACCESS_TOKEN='<service key>' CRM_PULSE_MAPPING=examples/mapping.hubspot.json crm-pulse run --dry-run
  CRM_PULSE_CRM=salesforce SALESFORCE_INSTANCE_URL=https://acme.my.salesforce.com SALESFORCE_ACCESS_TOKEN=00D... \\
    CRM_PULSE_MAPPING=examples/mapping.salesforce.json crm-pulse run --dry-run`,
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
  .command('backtest')
  .description('Replay the past: did the bands predict churn? Suggested weights and retention metrics (docs/backtest.md)')
  .option('--connection <id>', 'only this connection (default: every stored connection, or the one the environment describes)')
  .addOption(new Option('--horizon <days>', 'churn counted within this many days of each as-of date (default: policy backtest.horizonDays, 90)').argParser(wholeArg(1, 3650)))
  .addOption(new Option('--months <n>', 'how far back the as-of dates go (default: policy backtest.months, 12)').argParser(wholeArg(1, 120)))
  .addOption(new Option('--step <days>', 'days between as-of dates (default: policy backtest.stepDays, 30)').argParser(wholeArg(1, 3650)))
  .addOption(new Option('--as-of <date>', 'the "now" the dates go back from (default: now; env CRM_PULSE_AS_OF)').argParser(asOfArg))
  .option('--json', 'print one JSON object on stdout', false)
  .action(async (opts: { connection?: string; horizon?: number; months?: number; step?: number; asOf?: number; json: boolean }) => {
    (await import('./heap.ts')).ensureHeapLimits();
    const [{ startRuntime }, { runBacktests, formatBacktest }] = await Promise.all([import('./start.ts'), import('./backtest.ts')]);
    const rt = await startRuntime('backtest', { logFd: 2, logLevel: process.env.LOG_LEVEL ? undefined : 'warn' });
    if (!rt) return;
    try {
      const run = await runBacktests(rt, opts);
      if (run.code !== 0) process.stderr.write(`crm-pulse backtest: ${run.message}\n`);
      else process.stdout.write(opts.json ? `${JSON.stringify({ connections: run.results })}\n` : run.results.map(formatBacktest).join('\n'));
      process.exitCode = run.code;
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
  .description('Serve HTTP (HubSpot and Salesforce install, HubSpot webhooks and record card, admin API, /healthz /readyz /metrics) on PORT until SIGTERM')
  .action(async () => {
    (await import('./heap.ts')).ensureHeapLimits();
    const [{ startRuntime }, { runServer }] = await Promise.all([import('./start.ts'), import('./serve.ts')]);
    const rt = await startRuntime('serve');
    if (rt) await runServer(rt);
  });

program.addCommand(salesforceCommand());
program.addCommand(keysCommand());

/** A whole number from `min` to `max`. */
function wholeArg(min: number, max: number) {
  return (value: string): number => {
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!(n >= min && n <= max)) throw new InvalidArgumentError(`must be a whole number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}`);
    return n;
  };
}

/** Four weights (usage, engagement, tickets, NPS), e.g. 50,30,15,5. */
function weightsArg(value: string): [number, number, number, number] {
  const parts = value.split(',').map((p) => (/^\d+$/.test(p.trim()) ? Number(p) : NaN));
  if (parts.length !== 4 || parts.some((n) => !(n >= 0 && n <= 1000)) || parts.every((n) => n === 0)) throw new InvalidArgumentError('must be four whole weights for usage,engagement,tickets,nps, e.g. 50,30,15,5');
  return parts as [number, number, number, number];
}

function shareArg(value: string): number {
  const n = Number(value);
  if (!(value.trim() !== '' && n >= 0 && n <= 1)) throw new InvalidArgumentError('must be a share from 0 to 1, e.g. 0.05');
  return n;
}

program
  .command('sandbox')
  .description('Run a local HubSpot- and/or Salesforce-compatible CRM on 127.0.0.1 with a generated portfolio, until Ctrl-C')
  .addOption(new Option('--crm <crm>', 'which CRM to run').choices(['hubspot', 'salesforce', 'both']).default('hubspot'))
  .addOption(new Option('--accounts <n>', 'accounts (companies) to generate').argParser(wholeArg(1, 1_000_000)).default(500))
  .addOption(new Option('--port <port>', "HubSpot's port (Salesforce takes the next one); 0 picks free ports").argParser(wholeArg(0, 65_534)).default(4600))
  .addOption(new Option('--seed <seed>', 'seed of the portfolio and of the faults').argParser(wholeArg(0, 2 ** 31 - 1)).default(1))
  .addOption(new Option('--fault-5xx <share>', 'share of requests answered 500 / 502 / 503').argParser(shareArg).default(0))
  .addOption(new Option('--fault-reset <share>', 'share of connections reset').argParser(shareArg).default(0))
  .addOption(new Option('--fault-slow-ms <ms>', 'delay every answer this long').argParser(wholeArg(0, 600_000)).default(0))
  .option('--fault-429-storm', 'refuse every request with the rate-limit answer 5 s out of every 30 s', false)
  .option('--salesforce-hide-setup', 'hide setup objects (PermissionSet, ...) from the connecting user, as from a least-privilege integration user', false)
  .option('--salesforce-long-text-why', 'serve Pulse_Health_Reasons__c as a Long Text Area, as an admin may have made it by hand', false)
  .option('--salesforce-large-org', 'play an org with millions of Tasks: a Task or Event query without an indexed filter times out', false)
  .addOption(new Option('--past [weights]', 'two years of past for `crm-pulse backtest`: churn follows hidden weights of usage,engagement,tickets,nps plus noise').argParser(weightsArg).preset('50,30,15,5'))
  .addHelpText(
    'after',
    `
The sandbox holds the API subset crm-pulse uses, with the CRMs' rules: batch caps, search pages and
the 10,000-result cap, association type ids, property validation, pipelines, and the real rate
limits with their 429 / REQUEST_LIMIT_EXCEEDED answers. It prints the environment that points
\`crm-pulse run\` at it.

Example:
  crm-pulse sandbox --crm hubspot --accounts 2000 --fault-5xx 0.05 --fault-reset 0.02`,
  )
  .action(async (opts: SandboxCommandOptions) => {
    const { runSandbox } = await import('./sandbox.ts');
    await runSandbox(opts, process.stdout);
  });

program
  .command('demo')
  .description('Run the whole product against a local CRM sandbox: connect, one full cycle, a summary, then the server until Ctrl-C')
  .addOption(new Option('--crm <crm>', 'which CRM the sandbox plays').choices(['hubspot', 'salesforce']).default('hubspot'))
  .addOption(new Option('--accounts <n>', 'accounts (companies) in the sandbox').argParser(wholeArg(1, 20_000)).default(300))
  .addOption(new Option('--seed <seed>', 'seed of the generated portfolio').argParser(wholeArg(0, 2 ** 31 - 1)).default(1))
  .option('--exit', 'stop after the summary instead of serving', false)
  .addHelpText(
    'after',
    `
Needs Redis (REDIS_URL, default redis://127.0.0.1:6379) and nothing else: the demo makes its own
encryption key and admin token, keeps its data under its own Redis key prefix (crm-pulse-demo-...,
or $CRM_PULSE_REDIS_PREFIX-demo-...) and removes every key on exit, failed or not.

Exit codes:
  0   the cycle ran and the summary was printed
  1   the cycle did not finish
  2   bad arguments, or Redis does not answer (the message says how to start one)
  70  an unexpected error (a bug): one line here, its stack in the log line after it`,
  )
  .action(async (opts: { crm: 'hubspot' | 'salesforce'; accounts: number; seed: number; exit: boolean }) => {
    const { runDemo } = await import('./demo.ts');
    process.exitCode = await runDemo(opts, { out: process.stdout, err: process.stderr });
  });

program
  .command('errors')
  .description('Explain an error code (what happened, what to do); without one, list them all as Markdown (docs/errors.md)')
  .argument('[code]', 'an error code from a run, the logs or the admin API, e.g. BAD_MAPPING')
  .action(async (code: string | undefined) => {
    const { errorsMarkdown, explainCode } = await import('./errors.ts');
    if (code === undefined) {
      process.stdout.write(errorsMarkdown());
      return;
    }
    const text = explainCode(code);
    if (text === null) return fail(`"${code}" is not a crm-pulse error code; \`crm-pulse errors\` lists them`);
    process.stdout.write(text);
  });

function fail(message: string): void {
  process.stderr.write(`crm-pulse: ${message}\n`);
  process.exitCode = EXIT.usage;
}

// A closed pipe (`crm-pulse score ... | head`) is a normal end, not a crash.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

// An error no command handled: one line and its stack in the log (bug.ts), never a raw trace. An
// unhandled rejection reaches this too (Node raises it as an uncaught exception).
const commandName = program.commands.find((c) => c.name() === process.argv[2])?.name() ?? '';
async function bug(error: unknown): Promise<void> {
  (await import('./bug.ts')).reportBug(commandName, error);
}
process.on('uncaughtException', (error) => void bug(error));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  await bug(error);
}
