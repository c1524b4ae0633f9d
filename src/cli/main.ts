// The crm-pulse command line: parses arguments with commander and hands each command its options.
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseAsOf } from '../model/dates.ts';
import { PolicyError } from '../model/policy.ts';
import { loadPolicyFile } from '../config/policy-file.ts';
import { EXIT, runScore } from './score.ts';

function asOfArg(value: string): number {
  const ms = parseAsOf(value);
  if (ms === undefined) throw new InvalidArgumentError('must be a date (YYYY-MM-DD) or an ISO date-time with zone, e.g. 2026-11-23 or 2026-11-23T09:00:00Z');
  return ms;
}

function threadsArg(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 16) throw new InvalidArgumentError('must be a whole number from 0 to 16');
  return n;
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
  .addOption(new Option('--threads <n>', 'worker threads that score large inputs while the main thread reads and writes (default 0: one thread, least memory)').argParser(threadsArg))
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
  .action(async (opts: { input: string; policy?: string; asOf?: number; format: 'jsonl' | 'table'; segments: boolean; threads?: number }) => {
    const envAsOf = process.env.CRM_PULSE_AS_OF;
    let asOf = opts.asOf;
    if (asOf === undefined && envAsOf) {
      asOf = parseAsOf(envAsOf);
      if (asOf === undefined) return fail(`CRM_PULSE_AS_OF: "${envAsOf}" is not a date (YYYY-MM-DD) or ISO date-time`);
    }
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
        threads: opts.threads,
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
