// The Salesforce connector: the Connector interface over the Salesforce client layer. It wires
// auth, the org's API budget and call counting, checks the admin's mapping against the org's
// Account describe before the first read, and sends writes one at a time, so no two requests of
// this process write one Account's children at once (the usual cause of UNABLE_TO_LOCK_ROW).
import { assertMapping, type CrmField } from '../mapping/check.ts';
import { effectiveMapping, type EffectiveMapping } from '../mapping/apply.ts';
import type { Mapping, MappableField } from '../mapping/schema.ts';
import type { Policy, Checkpoint } from '../../model/index.ts';
import { noRecorder, type ApiCallRecorder } from '../api-calls.ts';
import { turns } from '../turns.ts';
import type { AccountHistory, AccountPage, AccountUpdate, FieldHistoryRead, HistoryKind, HistoryMinimum, HistoryVolume, ActivityChangePage, Connector, CrmTask, MappedAccount, SampleAccount, SchemaChange, TaskOutcome, TaskRef, TaskToCreate, WriteOutcome } from '../connector.ts';
import { readActivityChanges } from './activity-changes.ts';
import { SalesforceApi } from './api.ts';
import type { AccessTokenSource } from './auth.ts';
import { ApiBudget, type ApiUsage } from './budget.ts';
import type { BulkOptions } from './bulk-query.ts';
import { COLLECTION_SIZE } from './collections.ts';
import { createTasks } from './create-tasks.ts';
import { accountsOf } from './deal-accounts.ts';
import { describe, toCrmField } from './fields.ts';
import { readHistory } from './history.ts';
import { HistoryRates } from './history-rates.ts';
import { salesforceHistoryMinimum } from './history-minimum.ts';
import { readFieldHistory, trackedFields } from './read-field-history.ts';
import { readAccounts, readAccountsById, sampleAccountsById } from './read-accounts.ts';
import { findTasks, taskStatus } from './read-tasks.ts';
import { assertReady, checkSchema, type CheckOptions, type SchemaReport } from './schema-check.ts';
import { STANDARD_MAPPING } from './standard-mapping.ts';
import { taskDefaults, type TaskDefaults } from './task-defaults.ts';
import { SalesforceTransport } from './transport.ts';
import { writeAccounts } from './write-accounts.ts';

const TRACKED_TTL_MS = 60 * 60_000;

export interface SalesforceConnectorOptions {
  /** The org's instance URL: SALESFORCE_INSTANCE_URL, or the connection's stored instanceUrl. */
  instanceUrl: string;
  /** SALESFORCE_ACCESS_TOKEN or OAuth tokens (auth.ts). */
  auth: AccessTokenSource;
  /** Counts every call by route and outcome. Default: not counted. */
  recorder?: ApiCallRecorder;
  /** Pause the connection when the org's 24-hour API usage reaches this share. Default 0.8. */
  budgetShare?: number;
  /** How long a budget pause lasts before the next call looks again. Default 1 hour. */
  budgetRecheckMs?: number;
  /** Above this many changed Accounts, the rest of a read goes through Bulk API 2.0. Default 10,000. */
  bulkThreshold?: number;
  /** Bulk API 2.0 polling and page size (bulk-query.ts). */
  bulk?: BulkOptions;
  /** Attempts per call. Default 5. */
  maxAttempts?: number;
  /** Per-attempt HTTP timeout. Default 60 s. */
  timeoutMs?: number;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class SalesforceConnector implements Connector {
  readonly kind = 'salesforce' as const;
  readonly writeBatchSize = COLLECTION_SIZE;
  readonly #api: SalesforceApi;
  readonly #now: () => number;
  readonly #bulkThreshold: number;
  readonly #bulk: BulkOptions;
  readonly #checked = new WeakMap<Mapping, EffectiveMapping>();
  #taskDefaults: Promise<TaskDefaults> | null = null;
  #tracked: { at: number; value: Promise<Set<string>> } | null = null;
  /** Runs writes one after another, whatever the caller's concurrency. */
  readonly #serial = turns();
  /** What the last history read of each span found, to split the next one's long statements from the start. */
  readonly #historyRates = new HistoryRates();

  constructor(o: SalesforceConnectorOptions) {
    const transport = new SalesforceTransport({ instanceUrl: o.instanceUrl, recorder: o.recorder ?? noRecorder, timeoutMs: o.timeoutMs });
    const budget = new ApiBudget({ pauseAtShare: o.budgetShare, recheckMs: o.budgetRecheckMs });
    this.#now = o.now ?? Date.now;
    this.#bulkThreshold = o.bulkThreshold ?? 10_000;
    this.#bulk = o.bulk ?? {};
    this.#api = new SalesforceApi({ transport, auth: o.auth, budget, maxAttempts: o.maxAttempts, now: this.#now, random: o.random, sleep: o.sleep });
  }

  /** The org's API usage as Salesforce last reported it, for the run summary and status. */
  apiUsage(): ApiUsage | null {
    return this.#api.usage();
  }

  async accountFields(): Promise<CrmField[]> {
    return (await describe(this.#api, 'Account')).fields.map(toCrmField);
  }

  /** The mapping with Salesforce's standard fallbacks, once checked against the org's Account fields. */
  async #mapping(mapping: Mapping): Promise<EffectiveMapping> {
    const known = this.#checked.get(mapping);
    if (known) return known;
    assertMapping(mapping, await this.accountFields(), 'Salesforce Account');
    const effective = effectiveMapping(mapping, STANDARD_MAPPING);
    this.#checked.set(mapping, effective);
    return effective;
  }

  /**
   * What is missing in the org and how to deploy it (`crm-pulse salesforce check`); `permissionSet`
   * also looks Crm_Pulse up, a setup-object query a least-privilege user may be refused.
   */
  async checkSchema(policy: Policy | null, o: CheckOptions = { permissionSet: true }): Promise<SchemaReport> {
    const [account, task] = [await describe(this.#api, 'Account'), await describe(this.#api, 'Task')];
    const report = await checkSchema(this.#api, { account, task }, policy, o);
    if (report.taskDefaults) this.#taskDefaults = Promise.resolve(report.taskDefaults);
    return report;
  }

  /**
   * Salesforce fields are deployed by an admin: this checks them, and stops the connection until
   * they are. It reads describes only, no setup object, so the least-privilege user passes.
   */
  async ensureSchema(policy: Policy): Promise<SchemaChange[]> {
    assertReady(await this.checkSchema(policy, { permissionSet: false }));
    return [];
  }

  async *readAccounts(mapping: Mapping, checkpoint: Checkpoint | null): AsyncIterable<AccountPage> {
    yield* readAccounts(this.#api, await this.#mapping(mapping), checkpoint, { now: this.#now(), bulkThreshold: this.#bulkThreshold, bulk: this.#bulk });
  }

  async readAccountsById(mapping: Mapping, ids: readonly string[]): Promise<MappedAccount[]> {
    return readAccountsById(this.#api, await this.#mapping(mapping), ids);
  }

  async sampleAccounts(mapping: Mapping, ids: readonly string[]): Promise<SampleAccount[]> {
    return sampleAccountsById(this.#api, await this.#mapping(mapping), ids);
  }

  readActivityChanges(checkpoint: Checkpoint | null): AsyncIterable<ActivityChangePage> {
    return readActivityChanges(this.#api, checkpoint, this.#now());
  }

  accountsOf(kind: HistoryKind, ids: readonly string[]): Promise<string[]> {
    return accountsOf(this.#api, kind, ids);
  }

  async readFieldHistory(mapping: Mapping, ids: readonly string[], fields: readonly MappableField[]): Promise<FieldHistoryRead> {
    return readFieldHistory(this.#api, await this.#mapping(mapping), ids, fields, await this.#trackedFields());
  }

  historyMinimum(volume: HistoryVolume): HistoryMinimum {
    return salesforceHistoryMinimum(volume);
  }

  readHistory(accountIds: readonly string[], asOf: number, policy: Policy): Promise<Map<string, AccountHistory>> {
    return readHistory(this.#api, accountIds, asOf, policy, this.#historyRates);
  }

  writeAccounts(updates: readonly AccountUpdate[]): Promise<WriteOutcome[]> {
    return this.#serial(() => writeAccounts(this.#api, updates));
  }

  findTasks(tasks: readonly TaskRef[]): Promise<CrmTask[]> {
    return findTasks(this.#api, tasks);
  }

  taskStatus(crmIds: readonly string[]): Promise<CrmTask[]> {
    return taskStatus(this.#api, crmIds);
  }

  createTasks(tasks: readonly TaskToCreate[]): Promise<TaskOutcome[]> {
    return this.#serial(async () => createTasks(this.#api, tasks, await this.#defaults()));
  }

  /** The org's Task Status / Priority defaults, read once per connector. */
  #defaults(): Promise<TaskDefaults> {
    this.#taskDefaults ??= describe(this.#api, 'Task')
      .then(taskDefaults)
      .catch((error: unknown) => {
        this.#taskDefaults = null;
        throw error;
      });
    return this.#taskDefaults;
  }

  /** The fields with history tracking on, kept an hour: an admin may turn tracking on for a field meanwhile. */
  #trackedFields(): Promise<Set<string>> {
    const now = this.#now();
    if (this.#tracked && now - this.#tracked.at < TRACKED_TTL_MS) return this.#tracked.value;
    const value = trackedFields(this.#api);
    this.#tracked = { at: now, value };
    value.catch(() => {
      if (this.#tracked?.value === value) this.#tracked = null;
    });
    return value;
  }

}
