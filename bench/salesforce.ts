// Salesforce API-call benchmark: a full sync and write-back of 10,000 Accounts with 10 activities
// each (and an Opportunity) against a fake org on 127.0.0.1, counting every call by route and
// setting the count against the minimum Salesforce's caps allow: a query page of 2,000 records
// (Sforce-Query-Options batchSize), a collection of 200 records, a SOQL statement of 100,000
// characters, each page or collection one call. Target (issue 5): <= 1.2x. History and task
// lookups go through the Composite resource, five query pages a call that counts once, so they
// come in under that one-page-per-call minimum. Then two incremental cycles: the one after the
// full sync (which re-reads the Accounts the write-back touched: a write moves SystemModstamp) and
// a steady one (100 Accounts edited, 100 calls logged), with their share of a 100,000-call
// daily allocation.
import { fileURLToPath } from 'node:url';
import { CountingRecorder } from '../src/connectors/api-calls.ts';
import type { MappedAccount, TaskToCreate } from '../src/connectors/connector.ts';
import type { Checkpoint } from '../src/model/crm.ts';
import { FixedAccessToken } from '../src/connectors/salesforce/auth.ts';
import { SalesforceConnector } from '../src/connectors/salesforce/connector.ts';
import { SOQL_MAX_CHARS } from '../src/connectors/salesforce/soql.ts';
import { parseMapping } from '../src/connectors/mapping/schema.ts';
import { DEFAULTS } from '../src/model/policy.ts';
import type { TaskState } from '../src/model/state.ts';
import { scoreAccount } from '../src/scoring/score.ts';
import { changedValues, writeBackValues } from '../src/writeback/values.ts';
import { type WriteBackValues } from '../src/model/write-back.ts';
import { DAILY_ALLOCATION, startFakeOrg, type FakeOrg } from './salesforce-fake.ts';

const AS_OF = Date.parse('2026-11-23T23:59:59.999Z');
const ACTIVITIES_PER_ACCOUNT = 10;
const CYCLE_MS = 15 * 60_000;
const MAPPING = parseMapping({
  account: {
    arr: { field: 'ARR__c', transform: 'number' },
    contractEnd: { field: 'Contract_End_Date__c', transform: 'date' },
    featureUsage: { field: 'Feature_Usage__c', transform: 'percent' },
    lastLoginAt: { field: 'Last_Login__c', transform: 'date' },
    nps: { field: 'NPS__c', transform: 'number' },
    csmOwnerId: { field: 'CSM__c', transform: 'string' },
  },
});
export interface SalesforceStep {
  step: string;
  calls: number;
  minimum: number;
}

export interface Cycle {
  calls: number;
  /** Accounts re-scored. */
  accounts: number;
  steps: SalesforceStep[];
}

export interface SalesforceFigures {
  accounts: number;
  activities: number;
  updates: number;
  tasks: number;
  steps: SalesforceStep[];
  calls: number;
  minimum: number;
  ratio: number;
  /** The incremental cycle right after the full one, and a steady one. */
  incremental: { afterFull: Cycle; steady: Cycle };
  seconds: number;
}

const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));

/** One cycle as the pipeline runs it: read changes, history, score, write what changed, create missing tasks. */
async function cycle(connector: SalesforceConnector, o: { accounts: Checkpoint | null; activities: Checkpoint | null; asOf: number; written: Map<string, Partial<WriteBackValues>>; tasks: Map<string, TaskState[]>; step: (name: string, minimum: number) => void; full: boolean; returned: ReadonlyMap<string, number> }) {
  const read: MappedAccount[] = [];
  let accounts = o.accounts;
  for await (const page of connector.readAccounts(MAPPING, o.accounts)) {
    read.push(...page.accounts);
    accounts = page.checkpoint;
  }
  const changed = new Map(read.map((m) => [m.account.id, m]));
  let activities = o.activities;
  const touched = new Set<string>();
  for await (const page of connector.readActivityChanges(o.activities)) {
    for (const id of page.accountIds) touched.add(id);
    activities = page.checkpoint;
  }
  const extra = [...touched].filter((id) => !changed.has(id));
  if (extra.length) for (const m of await connector.readAccountsById(MAPPING, extra)) changed.set(m.account.id, m);
  const n = changed.size;
  o.step(o.full ? 'read Accounts (describe, recycle bin, SOQL 2,000 a page)' : 'read changes (recycle bin, SOQL, activity changes, Accounts by id)', o.full ? 1 + pages(n, 2_000) : 0);

  const ids = [...changed.keys()];
  const before = new Map(o.returned);
  const history = await connector.readHistory(ids, o.asOf, DEFAULTS);
  // One page per 2,000 records of each object the history queries returned.
  const rows = ['Task', 'Event', 'Case', 'Opportunity'].map((object) => (o.returned.get(object) ?? 0) - (before.get(object) ?? 0));
  o.step('history (Composite, 5 query pages a call)', o.full ? rows.reduce((sum, r) => sum + pages(r, 2_000), 0) : 0);

  const intents: TaskToCreate[] = [];
  const updates = [...changed.values()].map(({ account }) => {
    const h = history.get(account.id)!;
    const result = scoreAccount({ ...account, activities: h.activities, deals: h.deals, snapshots: [], tasks: o.tasks.get(account.id) ?? [] }, DEFAULTS, o.asOf);
    intents.push(...result.tasks.map((t) => ({ ...t, accountId: account.id })));
    const next = writeBackValues(result, null, new Date(o.asOf).toISOString());
    const values = changedValues(o.written.get(account.id) ?? null, next);
    o.written.set(account.id, next);
    return { accountId: account.id, values };
  });
  const writes = updates.filter((u) => Object.keys(u.values).length > 0);
  const written = (await connector.writeAccounts(writes)).filter((w) => w.error === null).length;
  if (written !== writes.length) throw new Error(`only ${written} of ${writes.length} Accounts were written`);
  o.step('write-back (collections of 200)', writes.length ? pages(writes.length, 200) : 0);

  const keys = intents.map((t) => t.key);
  const existing = new Set(keys.length ? (await connector.findTasks(intents)).map((t) => t.key) : []);
  const keyChars = keys.reduce((sum, k) => sum + k.length + 3, 0);
  o.step('task dedupe (Composite, statements of 100,000 characters)', keys.length ? pages(keyChars, SOQL_MAX_CHARS - 100) : 0);
  const missing = intents.filter((t) => !existing.has(t.key));
  const created = missing.length ? await connector.createTasks(missing) : [];
  if (created.some((c) => c.error)) throw new Error('some tasks were not created');
  for (const t of missing) o.tasks.set(t.accountId, [...(o.tasks.get(t.accountId) ?? []), { key: t.key, kind: t.kind, status: 'open', createdAt: o.asOf, dealId: t.dealId }]);
  o.step('task create (collections of 200)', missing.length ? pages(missing.length, 200) : 0);
  return { accounts, activities, updates: writes.length, tasks: missing.length, changed: n };
}

export async function benchSalesforce(accounts = 10_000): Promise<SalesforceFigures> {
  let clock = AS_OF;
  const org: FakeOrg = await startFakeOrg({ accounts, asOf: AS_OF, now: () => clock });
  const recorder = new CountingRecorder();
  const connector = new SalesforceConnector({ instanceUrl: org.url, auth: new FixedAccessToken('bench-token'), recorder, now: () => clock });
  let steps: SalesforceStep[] = [];
  let mark = 0;
  const step = (name: string, minimum: number) => {
    steps.push({ step: name, calls: recorder.total - mark, minimum });
    mark = recorder.total;
  };
  const started = performance.now();
  try {
    await connector.ensureSchema(DEFAULTS);
    step('ensureSchema (describe Account and Task; no setup object)', 2);
    const written = new Map<string, Partial<WriteBackValues>>();
    // The tasks crm-pulse made, per Account: the store's part in the pipeline (the playbook's dedupe).
    const tasks = new Map<string, TaskState[]>();
    const full = await cycle(connector, { accounts: null, activities: null, asOf: AS_OF, written, tasks, step, full: true, returned: org.org.returned });
    const fullSteps = steps;
    const calls = recorder.total;
    const minimum = fullSteps.reduce((sum, s) => sum + s.minimum, 0);

    steps = [];
    clock += CYCLE_MS;
    const before = recorder.total;
    const next = await cycle(connector, { accounts: full.accounts, activities: full.activities, asOf: clock, written, tasks, step, full: false, returned: org.org.returned });
    const afterFull: Cycle = { calls: recorder.total - before, accounts: next.changed, steps };

    steps = [];
    clock += CYCLE_MS;
    org.touch(100, clock - 5 * 60_000);
    const steadyStart = recorder.total;
    const steady = await cycle(connector, { accounts: next.accounts, activities: next.activities, asOf: clock, written, tasks, step, full: false, returned: org.org.returned });
    const steadyCycle: Cycle = { calls: recorder.total - steadyStart, accounts: steady.changed, steps };
    return {
      accounts,
      activities: accounts * ACTIVITIES_PER_ACCOUNT,
      updates: full.updates,
      tasks: full.tasks,
      steps: fullSteps,
      calls,
      minimum,
      ratio: calls / minimum,
      incremental: { afterFull, steady: steadyCycle },
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await org.close();
  }
}

const share = (calls: number) => `${((100 * calls) / DAILY_ALLOCATION).toFixed(2)} %`;

export function printSalesforce(f: SalesforceFigures): void {
  console.log(`Salesforce full sync + write-back: ${f.accounts.toLocaleString('en')} Accounts, ${f.activities.toLocaleString('en')} activities, ${f.updates.toLocaleString('en')} updates, ${f.tasks.toLocaleString('en')} tasks`);
  for (const s of f.steps) console.log(`  ${s.step.padEnd(64)} ${String(s.calls).padStart(6)} calls  (minimum ${s.minimum})`);
  console.log(`  ${'total'.padEnd(64)} ${String(f.calls).padStart(6)} calls  (minimum ${f.minimum})`);
  console.log(`  ratio ${f.ratio.toFixed(3)}x (target <= 1.2x), ${f.seconds.toFixed(1)} s against a local fake org`);
  for (const [name, c] of [
    ['incremental cycle right after it (re-reads what the write-back touched)', f.incremental.afterFull],
    ['steady incremental cycle (100 Accounts edited, 100 calls logged)', f.incremental.steady],
  ] as const) {
    console.log(`  ${name}: ${c.accounts.toLocaleString('en')} Accounts re-scored, ${c.calls} calls (${c.steps.filter((s) => s.calls > 0).map((s) => `${s.step.replace(/ \(.*/, '')} ${s.calls}`).join(', ')})`);
  }
  console.log(`  share of a ${DAILY_ALLOCATION.toLocaleString('en')}-call daily allocation: full cycle ${share(f.calls)}, incremental ${share(f.incremental.afterFull.calls)} then ${share(f.incremental.steady.calls)}`);
  const day = f.calls + f.incremental.afterFull.calls + 94 * f.incremental.steady.calls;
  console.log(`  a day of one full cycle and 95 incremental ones (every 15 minutes): about ${day} calls (${share(day)})`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) printSalesforce(await benchSalesforce());
