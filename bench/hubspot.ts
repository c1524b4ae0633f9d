// HubSpot API-call benchmark: a full sync and write-back of 10,000 companies with 10 activities
// each (and a deal) against a fake portal on 127.0.0.1, counting every call by route and setting
// the count against the minimum HubSpot's page and batch caps allow. Target (issue 3): <= 1.2x.
// The limiter is given room enough not to wait: call counts, not HubSpot's pace, are measured.
import { fileURLToPath } from 'node:url';
import { CountingRecorder } from '../src/connectors/api-calls.ts';
import type { MappedAccount, TaskToCreate } from '../src/connectors/connector.ts';
import { ServiceKeyToken } from '../src/connectors/hubspot/auth.ts';
import { HubSpotConnector } from '../src/connectors/hubspot/connector.ts';
import { MemoryWindowStore } from '../src/connectors/rate-limit/memory.ts';
import { parseMapping } from '../src/connectors/mapping/schema.ts';
import { DEFAULTS } from '../src/model/policy.ts';
import { scoreAccount } from '../src/scoring/score.ts';
import { changedValues, writeBackValues } from '../src/writeback/values.ts';
import { HISTORY_TYPES, startFakePortal } from './hubspot-fake.ts';

const AS_OF = Date.parse('2026-11-23T23:59:59.999Z');
const ACTIVITIES_PER_COMPANY = 10;
const MAPPING = parseMapping({
  account: {
    arr: { field: 'annual_contract_value', transform: 'number' },
    contractEnd: { field: 'contract_end_date', transform: 'date' },
    featureUsage: { field: 'feature_usage_pct', transform: 'percent' },
    lastLoginAt: { field: 'last_login_date', transform: 'date' },
    nps: { field: 'account_nps', transform: 'number' },
    csmOwnerId: { field: 'csm_owner_id', transform: 'string' },
  },
});

export interface HubSpotStep {
  step: string;
  calls: number;
  minimum: number;
}

export interface HubSpotFigures {
  companies: number;
  activities: number;
  updates: number;
  tasks: number;
  steps: HubSpotStep[];
  calls: number;
  minimum: number;
  ratio: number;
  seconds: number;
}

const pages = (n: number, size: number) => Math.ceil(n / size);

export async function benchHubSpot(companies = 10_000): Promise<HubSpotFigures> {
  const portal = await startFakePortal(companies, AS_OF);
  const recorder = new CountingRecorder();
  const connector = new HubSpotConnector({
    baseUrl: portal.url,
    portalId: 'bench',
    auth: new ServiceKeyToken('bench-token'),
    windows: new MemoryWindowStore(),
    limits: { requestsPer10s: 1_000_000, searchPerSecond: 1_000_000 },
    recorder,
    now: () => AS_OF,
  });
  const steps: HubSpotStep[] = [];
  let mark = 0;
  const step = (name: string, minimum: number) => {
    steps.push({ step: name, calls: recorder.total - mark, minimum });
    mark = recorder.total;
  };
  const started = performance.now();
  try {
    // Fresh portal: per object (companies, tasks) read groups, create ours, read properties, create ours.
    await connector.ensureSchema(DEFAULTS);
    step('ensureSchema (fresh portal)', 8);

    const accounts: MappedAccount[] = [];
    for await (const page of connector.readAccounts(MAPPING, null)) accounts.push(...page.accounts);
    // The mapping check's property list is one call the minimum counts as shared with ensureSchema.
    step('full load (search in id order, 200 a page)', pages(companies, 200));

    const ids = accounts.map((a) => a.account.id);
    const history = await connector.readHistory(ids, AS_OF, DEFAULTS);
    const perType = ACTIVITIES_PER_COMPANY / 5;
    const objectReads = HISTORY_TYPES.reduce((sum, t) => sum + pages(companies * (t === 'deals' ? 1 : perType), 100), 0);
    step('history (2 pipelines, associations 1,000 ids, batch reads 100)', 2 + HISTORY_TYPES.length * pages(companies, 1_000) + objectReads);

    const tasks: TaskToCreate[] = [];
    const updates = accounts.map(({ account }) => {
      const h = history.get(account.id)!;
      const result = scoreAccount({ ...account, activities: h.activities, deals: h.deals, snapshots: [], tasks: [] }, DEFAULTS, AS_OF);
      tasks.push(...result.tasks.map((t) => ({ ...t, accountId: account.id })));
      return { accountId: account.id, values: changedValues(null, writeBackValues(result, null, new Date(AS_OF).toISOString())) };
    });
    const written = (await connector.writeAccounts(updates)).filter((o) => o.error === null).length;
    if (written !== updates.length) throw new Error(`only ${written} of ${updates.length} companies were written`);
    step('write-back (batch update 100)', pages(updates.length, 100));

    const existing = new Set((await connector.findTasks(tasks)).map((t) => t.key));
    step('task dedupe (the companies\' tasks: association reads, then batch reads of 100)', pages(tasks.length, 100));
    const created = await connector.createTasks(tasks.filter((t) => !existing.has(t.key)));
    if (created.some((o) => o.error)) throw new Error('some tasks were not created');
    step('task create (batch create 100)', pages(tasks.length - existing.size, 100));

    const calls = recorder.total;
    const minimum = steps.reduce((sum, s) => sum + s.minimum, 0);
    return {
      companies,
      activities: companies * ACTIVITIES_PER_COMPANY,
      updates: updates.length,
      tasks: tasks.length,
      steps,
      calls,
      minimum,
      ratio: calls / minimum,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await portal.close();
  }
}

export function printHubSpot(f: HubSpotFigures): void {
  console.log(`HubSpot full sync + write-back: ${f.companies.toLocaleString('en')} companies, ${f.activities.toLocaleString('en')} activities, ${f.updates.toLocaleString('en')} updates, ${f.tasks.toLocaleString('en')} tasks`);
  for (const s of f.steps) console.log(`  ${s.step.padEnd(64)} ${String(s.calls).padStart(6)} calls  (minimum ${s.minimum})`);
  console.log(`  ${'total'.padEnd(64)} ${String(f.calls).padStart(6)} calls  (minimum ${f.minimum})`);
  console.log(`  ratio ${f.ratio.toFixed(3)}x (target <= 1.2x), ${f.seconds.toFixed(1)} s against a local fake portal`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) printHubSpot(await benchHubSpot());
