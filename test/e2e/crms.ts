// The two sandbox CRMs as the end-to-end tests see them, behind one interface so each test is
// written once and run for both (describe.each): what crm-pulse wrote on each account, the tasks
// it made, which write calls carried which accounts, and the edits a user makes in the CRM.
import type { FaultedRequest } from '../../src/sandbox/http-server.ts';
import type { Sandbox, SandboxCrm } from '../../src/sandbox/sandbox.ts';
import { sfId } from '../../src/sandbox/salesforce/seed.ts';
import type { MappedFields, ShownValues } from './expected.ts';

export interface CrmTaskSeen {
  key: string;
  kind: string;
  accountId: string;
}

export interface E2eCrm {
  kind: SandboxCrm;
  mapped: MappedFields;
  /** How long after a change crm-pulse reads it: Salesforce reads stop two minutes short of now. */
  settleMs: number;
  /** The CRM id of the portfolio's account `index`. */
  accountId(sandbox: Sandbox, index: number): string;
  accountIds(sandbox: Sandbox): string[];
  /** Our values on an account as the CRM holds them. */
  values(sandbox: Sandbox, accountId: string): ShownValues;
  tasks(sandbox: Sandbox): CrmTaskSeen[];
  /**
   * Per account, the value writes the CRM took (a record Salesforce refused UNABLE_TO_LOCK_ROW
   * was not taken); `firstOnly` counts only those carrying the tier, which a full write of an
   * account holds (a segment-only write does not).
   */
  valueSends(sandbox: Sandbox, firstOnly: boolean): Map<string, number>;
  /** Whether a request is a call that writes account values. */
  isValueWrite(request: { method: string; path: string }): boolean;
  /** Accounts in one value write call. */
  writeBatch: number;
  /** Requests the fault knobs struck. */
  faulted(sandbox: Sandbox): number;
  /** Calls that changed values or made tasks. */
  writeCalls(sandbox: Sandbox): number;
  /** Per account, the write calls a fault struck after the CRM took them and that crm-pulse may send again (HubSpot; Salesforce reads a lost write back instead). */
  resendable(sandbox: Sandbox): Map<string, number>;
  /** A user lowers the account's feature usage to 3 %. */
  lowerUsage(sandbox: Sandbox, accountId: string): void;
  /** The CRM loses a task (it was never made): the sandbox drops it. */
  dropTask(sandbox: Sandbox, key: string): void;
  /** A sales rep marks a new deal of the account closed-won at `at`; its id. */
  winDeal(sandbox: Sandbox, accountId: string, at: number): string;
}

type Inputs = { inputs: { id: string; properties: Record<string, string> }[] };

function hubspotPortal(sandbox: Sandbox) {
  if (!sandbox.hubspot) throw new Error('no HubSpot sandbox');
  return sandbox.hubspot;
}

const UPDATE = '/crm/objects/2026-09/companies/batch/update';
function tally(ids: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const id of ids) out.set(id, (out.get(id) ?? 0) + 1);
  return out;
}

const taken = (status: number | undefined) => status === 200 || status === 207 || status === 201;
const idsOf = (requests: readonly { path: string; body: unknown }[], firstOnly = true) =>
  requests.filter((r) => r.path === UPDATE).flatMap((r) => (r.body as Inputs).inputs.filter((i) => !firstOnly || 'crm_pulse_tier' in i.properties).map((i) => i.id));

const hubspot: E2eCrm = {
  kind: 'hubspot',
  mapped: { inTrial: false, closeDay: false },
  settleMs: 0,
  accountId: (_sandbox, index) => String(100_000 + index),
  accountIds: (sandbox) => [...hubspotPortal(sandbox).portal.objects.get('companies')!.keys()],
  values(sandbox, id) {
    const p = hubspotPortal(sandbox).portal.objects.get('companies')!.get(id)!.properties;
    return { tier: p.crm_pulse_tier ?? null, band: p.crm_pulse_health_band ?? null, why: p.crm_pulse_health_reasons ?? null, handoffStatus: p.crm_pulse_handoff_status ?? null };
  },
  tasks(sandbox) {
    const { portal } = hubspotPortal(sandbox);
    return [...portal.objects.get('tasks')!.values()].map((t) => ({ key: t.properties.crm_pulse_task_key ?? '', kind: t.properties.crm_pulse_task_kind ?? '', accountId: portal.linked('tasks', t.id, 'companies')[0] ?? '' }));
  },
  valueSends: (sandbox, firstOnly) => tally(idsOf(hubspotPortal(sandbox).portal.requests.filter((r) => taken(r.status)), firstOnly)),
  isValueWrite: (r) => r.path === UPDATE,
  writeBatch: 100,
  faulted: (sandbox) => hubspotPortal(sandbox).faulted.length,
  writeCalls: (sandbox) => hubspotPortal(sandbox).portal.requests.filter((r) => taken(r.status) && (r.path === UPDATE || r.path === '/crm/objects/2026-09/tasks/batch/create')).length,
  resendable: (sandbox) => tally(idsOf(hubspotPortal(sandbox).faulted.filter((f: FaultedRequest) => f.after))),
  lowerUsage: (sandbox, id) => hubspotPortal(sandbox).portal.edit('companies', id, { feature_usage_pct: '3' }),
  dropTask(sandbox, key) {
    const tasks = hubspotPortal(sandbox).portal.objects.get('tasks')!;
    for (const [id, t] of tasks) if (t.properties.crm_pulse_task_key === key) tasks.delete(id);
  },
  winDeal(sandbox, accountId, at) {
    return hubspotPortal(sandbox).portal.add('deals', { dealname: 'Expansion', amount: '50000', pipeline: 'default', dealstage: 'closedwon', closedate: new Date(at).toISOString(), hubspot_owner_id: '5' }, accountId);
  },
};

function org(sandbox: Sandbox) {
  if (!sandbox.salesforce) throw new Error('no Salesforce sandbox');
  return sandbox.salesforce;
}

const COLLECTIONS = '/services/data/v62.0/composite/sobjects';
type Collection = { records: ({ id?: string; attributes: { type: string } } & Record<string, unknown>)[] };
const accountsIn = (requests: readonly { method: string; path: string; body: unknown }[], firstOnly = true) =>
  requests
    .filter((r) => r.method === 'PATCH' && r.path === COLLECTIONS)
    .flatMap((r) => (r.body as Collection).records.filter((x) => x.attributes.type === 'Account' && (!firstOnly || 'Pulse_Tier__c' in x)).map((x) => x.id!));

const salesforce: E2eCrm = {
  kind: 'salesforce',
  mapped: { inTrial: true, closeDay: true },
  settleMs: 3 * 60_000,
  accountId: (_sandbox, index) => sfId('001', index),
  accountIds: (sandbox) => org(sandbox).org.tables.get('Account')!.map((r) => String(r.Id)),
  values(sandbox, id) {
    const r = org(sandbox).org.tables.get('Account')!.find((a) => a.Id === id)!;
    const text = (v: unknown) => (typeof v === 'string' ? v : null);
    return { tier: text(r.Pulse_Tier__c), band: text(r.Pulse_Health_Band__c), why: text(r.Pulse_Health_Reasons__c), handoffStatus: text(r.Pulse_Handoff_Status__c) };
  },
  tasks: (sandbox) =>
    org(sandbox)
      .org.tables.get('Task')!
      .filter((t) => typeof t.Pulse_Task_Key__c === 'string')
      .map((t) => ({ key: String(t.Pulse_Task_Key__c), kind: String(t.Pulse_Task_Kind__c), accountId: String(t.AccountId) })),
  valueSends(sandbox, firstOnly) {
    const sends = tally(accountsIn(org(sandbox).org.requests.filter((r) => r.status === 200), firstOnly));
    for (const id of org(sandbox).lockedRows) if (id && sends.has(id)) sends.set(id, sends.get(id)! - 1);
    return sends;
  },
  isValueWrite: (r) => r.method === 'PATCH' && r.path === COLLECTIONS,
  writeBatch: 200,
  faulted: (sandbox) => org(sandbox).faulted.length,
  writeCalls: (sandbox) => org(sandbox).org.requests.filter((r) => r.status === 200 && r.path === COLLECTIONS).length,
  // A write whose answer was lost is read back and only what was not saved is sent again.
  resendable: () => new Map(),
  lowerUsage: (sandbox, id) => org(sandbox).org.edit(id, { Feature_Usage__c: 3 }),
  dropTask(sandbox, key) {
    const tasks = org(sandbox).org.tables.get('Task')!;
    tasks.splice(tasks.findIndex((t) => t.Pulse_Task_Key__c === key), 1);
  },
  winDeal: (sandbox, accountId, at) =>
    org(sandbox).org.add('Opportunity', { AccountId: accountId, Name: 'Expansion', OwnerId: sfId('005', 5), Amount: 50_000, CloseDate: new Date(at).toISOString().slice(0, 10), StageName: 'Closed Won', IsWon: true, IsClosed: true }),
};

export const CRMS: readonly E2eCrm[] = [hubspot, salesforce];
