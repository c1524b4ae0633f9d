// Faults benchmark (issue 13's acceptance figure): a connection's first cycle, the real
// `crm-pulse run --json` in a child process (bench/run-child.ts), against a sandbox org of N
// Accounts (default 10,000) under 2 % 5xx answers, 0.5 % connections reset (half of each after
// the org took the request, so its answer is lost) and 1 % of written records refused
// UNABLE_TO_LOCK_ROW, in large-org mode (a Task query no index serves times out). It prints the
// tasks the playbook asks for (the pure engine over the same portfolio, test/e2e/expected.ts)
// against those the org holds, duplicates, and the Account saves the org made (a record refused
// UNABLE_TO_LOCK_ROW is not saved).
//
//   node bench/salesforce-faults.ts [accounts] [--seed N]
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { startSandbox, type Sandbox } from '../src/sandbox/sandbox.ts';
import { Keys } from '../src/store/keys.ts';
import { deleteMatching } from '../src/store/redis.ts';
import { describeTask, expectedTasks } from '../test/e2e/expected.ts';
import { runChild } from './run-child.ts';

export const FAULTS = { share5xx: 0.02, shareReset: 0.005, shareLockRow: 0.01 } as const;
const AS_OF = Date.parse('2026-11-23T12:00:00.000Z');
const COLLECTIONS = '/services/data/v62.0/composite/sobjects';

export interface FaultFigures {
  accounts: number;
  seed: number;
  /** Requests the org answered (or a fault struck). */
  requests: number;
  faulted: { '5xx': number; reset: number; lockedRows: number };
  tasksExpected: number;
  tasksCreated: number;
  /** Keys the org holds more than once. */
  duplicates: number;
  /** Expected tasks the org does not hold, and tasks it holds that the playbook did not ask for. */
  missing: number;
  unexpected: number;
  /** Account records the org saved (a record refused UNABLE_TO_LOCK_ROW is not saved). */
  accountWrites: number;
  accountsWritten: number;
  /** Account records in write calls whose answer a fault lost after the org took them (read back, not sent again). */
  lostAnswers: number;
  unconfirmedLeft: number;
  errors: number;
  seconds: number;
  peakRssMb: number;
}

type Collection = { records: ({ id?: string; attributes: { type: string } } & Record<string, unknown>)[] };
const accountIds = (requests: readonly { method: string; path: string; body: unknown }[]) =>
  requests.filter((r) => r.method === 'PATCH' && r.path === COLLECTIONS).flatMap((r) => (r.body as Collection).records.filter((x) => x.attributes.type === 'Account').map((x) => x.id!));

function compareTasks(sandbox: Sandbox, accounts: number, seed: number) {
  const org = sandbox.salesforce!.org;
  const tasks = org.tables.get('Task')!.filter((t) => typeof t.Pulse_Task_Key__c === 'string');
  const keys = tasks.map((t) => String(t.Pulse_Task_Key__c));
  const expected = new Map([...expectedTasks({ accounts, seed, asOf: AS_OF }, { inTrial: true, closeDay: true })].map(([index, list]) => [org.tables.get('Account')![index]!.Id as string, list]));
  const actual = new Map<string, string[]>();
  for (const t of tasks) actual.set(String(t.AccountId), [...(actual.get(String(t.AccountId)) ?? []), describeTask(String(t.Pulse_Task_Kind__c), String(t.Pulse_Task_Key__c))]);
  let missing = 0;
  let unexpected = 0;
  for (const id of new Set([...expected.keys(), ...actual.keys()])) {
    const want = [...(expected.get(id) ?? [])];
    for (const got of actual.get(id) ?? []) {
      const at = want.indexOf(got);
      if (at >= 0) want.splice(at, 1);
      else unexpected++;
    }
    missing += want.length;
  }
  return { tasksExpected: [...expected.values()].reduce((n, l) => n + l.length, 0), tasksCreated: tasks.length, duplicates: keys.length - new Set(keys).size, missing, unexpected };
}

export async function benchFaults(accounts = 10_000, seed = 1): Promise<FaultFigures> {
  const sandbox = await startSandbox({ crms: ['salesforce'], accounts, seed, asOf: AS_OF, logRequests: true, faults: { ...FAULTS, seed: seed + 4 }, salesforce: { largeOrg: true } });
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `crm-pulse-bench-${randomUUID()}`;
  const env = { ...sandbox.env('salesforce'), REDIS_URL: redisUrl, CRM_PULSE_REDIS_PREFIX: prefix, CRM_PULSE_AS_OF: new Date(AS_OF).toISOString() };
  const redis = new Redis(redisUrl);
  try {
    const run = await runChild(env);
    const sf = sandbox.salesforce!;
    const taken = accountIds(sf.org.requests.filter((r) => r.status === 200));
    const locked = sf.lockedRows.filter((id) => id !== null && id.startsWith('001')).length;
    const keys = new Keys(prefix);
    let pending = 0;
    for (const id of await redis.zrange(keys.connections(), '0', '-1')) pending += await redis.zcard(keys.pendingTasks(id));
    return {
      accounts,
      seed,
      requests: sf.org.requests.length + sf.faulted.filter((f) => !f.after).length,
      faulted: { '5xx': sf.faulted.filter((f) => f.kind === '5xx').length, reset: sf.faulted.filter((f) => f.kind === 'reset').length, lockedRows: sf.lockedRows.length },
      ...compareTasks(sandbox, accounts, seed),
      accountWrites: taken.length - locked,
      accountsWritten: new Set(taken).size,
      lostAnswers: accountIds(sf.faulted.filter((f) => f.after)).length,
      unconfirmedLeft: pending,
      errors: run.summary.counts.errors,
      seconds: run.summary.durationMs / 1000,
      peakRssMb: run.peakRssMb,
    };
  } finally {
    await sandbox.close();
    await deleteMatching(redis, new Keys(prefix).everything());
    await redis.quit();
  }
}

const n = (x: number) => x.toLocaleString('en-US');

export function printFaults(f: FaultFigures): void {
  console.log(`salesforce first cycle under faults: ${n(f.accounts)} Accounts (seed ${f.seed}), 2 % 5xx, 0.5 % resets, 1 % UNABLE_TO_LOCK_ROW, large org`);
  console.log(`  ${n(f.requests)} requests; faults struck: ${n(f.faulted['5xx'])} 5xx, ${n(f.faulted.reset)} resets, ${n(f.faulted.lockedRows)} records refused UNABLE_TO_LOCK_ROW`);
  console.log(`  tasks expected ${n(f.tasksExpected)}, created ${n(f.tasksCreated)}; duplicates ${n(f.duplicates)}; missing ${n(f.missing)}; not asked for ${n(f.unexpected)}; left unconfirmed ${n(f.unconfirmedLeft)}`);
  console.log(`  account writes ${n(f.accountWrites)} (${n(f.accountsWritten)} Accounts; ${n(f.lostAnswers)} saved by calls whose answer a fault lost, read back instead of sent again)`);
  console.log(`  errors ${n(f.errors)}; ${f.seconds.toFixed(1)} s; peak RSS ${f.peakRssMb.toFixed(0)} MB`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--seed');
  const seed = at >= 0 ? Number(args.splice(at, 2)[1]) : 1;
  printFaults(await benchFaults(args[0] ? Number(args[0]) : 10_000, seed));
}
