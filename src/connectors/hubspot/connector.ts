// The HubSpot connector: the Connector interface over the HubSpot client layer. It wires auth,
// the account's shared rate limiter and call counting, checks the admin's mapping against the
// portal's company properties before the first read, and keeps those properties and the pipeline
// stages between runs (definitions.ts): an incremental run reads neither, unless a day has passed
// or HubSpot refused a write since.
import { assertMapping, mappingProblems, type CrmField } from '../mapping/check.ts';
import { effectiveMapping, type EffectiveMapping } from '../mapping/apply.ts';
import type { Mapping, MappableField } from '../mapping/schema.ts';
import type { Policy, Checkpoint, HubSpotApiVersion } from '../../model/index.ts';
import { noRecorder, type ApiCallRecorder } from '../api-calls.ts';
import { Definitions, noDefinitionCache } from '../definitions.ts';
import type { AccountHistory, AccountPage, FieldHistoryRead, HistoryKind, HistoryMinimum, HistoryScope, HistoryVolume, AccountUpdate, OwnWriteFence, ActivityChangePage, Connector, CrmTask, MappedAccount, SampleAccount, SchemaChange, TaskOutcome, TaskRef, TaskToCreate, WriteOutcome } from '../connector.ts';
import type { WindowStore } from '../rate-limit/limiter.ts';
import { activityStreamAt, readActivityChanges } from './activity-changes.ts';
import { HubSpotApi } from './api.ts';
import { associatedIds } from './associations.ts';
import { BATCH_SIZE } from './batch-read.ts';
import type { AccessTokenSource } from './auth.ts';
import { createTasks } from './create-tasks.ts';
import { ensureSchema } from './ensure-schema.ts';
import { COMPANY_FIELDS, companyFields, CrmFieldsSchema } from './fields.ts';
import { HISTORY_OBJECT, HistoryReader } from './history.ts';
import { hubspotLimiter, type HubSpotLimits } from './limits.ts';
import { stageStates, type StageStates } from './pipelines.ts';
import { readCompanies, readCompaniesById, sampleCompanies, withFence } from './read-accounts.ts';
import { hubspotHistoryMinimum } from './history-minimum.ts';
import { readFieldHistory } from './read-field-history.ts';
import { WRITE_RUN_PROPERTY } from './pulse-properties.ts';
import { findTasks, taskStatus } from './read-tasks.ts';
import { STANDARD_MAPPING } from './standard-mapping.ts';
import { HubSpotTransport } from './transport.ts';
import { writeCompanies } from './write-accounts.ts';

export interface HubSpotConnectorOptions {
  /** API base URL, from HUBSPOT_BASE_URL. Default https://api.hubapi.com. */
  baseUrl?: string;
  /** HubSpot's dated API version, from HUBSPOT_API_VERSION. Default the newest crm-pulse speaks. */
  apiVersion?: HubSpotApiVersion;
  /** The HubSpot portal (hub) id; keys the shared rate limiter. */
  portalId: string;
  /** Service Key or OAuth tokens (auth.ts). */
  auth: AccessTokenSource;
  /** Where rate-limit windows live: RedisWindowStore in production, MemoryWindowStore in tests. */
  windows: WindowStore;
  /** Request budgets. Default 110 / 10 s and 4 searches / s. */
  limits?: HubSpotLimits;
  /** Property definitions and pipeline stages kept between runs. Default: read on every run. */
  definitions?: Definitions;
  /** Counts every call by route and outcome. Default: not counted. */
  recorder?: ApiCallRecorder;
  /** The account's time zone, for the daily-limit reset. Default UTC. */
  timeZone?: string;
  /** Attempts per call. Default 5. */
  maxAttempts?: number;
  /** Per-attempt HTTP timeout. Default 30 s. */
  timeoutMs?: number;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class HubSpotConnector implements Connector {
  readonly kind = 'hubspot' as const;
  readonly writeBatchSize = BATCH_SIZE;
  readonly #api: HubSpotApi;
  readonly #now: () => number;
  readonly #definitions: Definitions;
  readonly #checked = new WeakMap<Mapping, EffectiveMapping>();
  readonly #history: HistoryReader;
  #stages: Promise<StageStates> | null = null;

  constructor(o: HubSpotConnectorOptions) {
    const transport = new HubSpotTransport({ baseUrl: o.baseUrl, recorder: o.recorder ?? noRecorder, timeoutMs: o.timeoutMs });
    const limiter = hubspotLimiter({ store: o.windows, portalId: o.portalId, limits: o.limits, sleep: o.sleep });
    this.#now = o.now ?? Date.now;
    this.#definitions = o.definitions ?? new Definitions(noDefinitionCache, o.portalId, this.#now);
    this.#api = new HubSpotApi({ transport, auth: o.auth, limiter, apiVersion: o.apiVersion, timeZone: o.timeZone, maxAttempts: o.maxAttempts, now: this.#now, random: o.random, sleep: o.sleep });
    this.#history = new HistoryReader(this.#api, this.#now);
  }

  /** Read from HubSpot (an admin checking a mapping may have just created a property), and kept. */
  accountFields(): Promise<CrmField[]> {
    return this.#definitions.refresh(COMPANY_FIELDS, () => companyFields(this.#api));
  }

  /**
   * The mapping with HubSpot's standard fallbacks, once checked against the portal's properties:
   * the kept ones, and HubSpot's own when the kept ones fail it (a property created since).
   */
  async #mapping(mapping: Mapping): Promise<EffectiveMapping> {
    const known = this.#checked.get(mapping);
    if (known) return known;
    let read = false;
    const kept = await this.#definitions.get(COMPANY_FIELDS, CrmFieldsSchema, () => {
      read = true;
      return companyFields(this.#api);
    });
    const fits = mappingProblems(mapping, kept, 'HubSpot companies').length === 0;
    assertMapping(mapping, fits || read ? kept : await this.accountFields(), 'HubSpot companies');
    const effective = effectiveMapping(mapping, STANDARD_MAPPING);
    this.#checked.set(mapping, effective);
    return effective;
  }

  async ensureSchema(policy: Policy): Promise<SchemaChange[]> {
    const changes = await ensureSchema(this.#api, policy);
    // The kept property list lacks what was just created.
    if (changes.length > 0) await this.#definitions.clear();
    return changes;
  }

  async *readAccounts(mapping: Mapping, checkpoint: Checkpoint | null): AsyncIterable<AccountPage> {
    yield* readCompanies(this.#api, await this.#mapping(mapping), checkpoint, this.#now());
  }

  async readAccountsById(mapping: Mapping, ids: readonly string[]): Promise<MappedAccount[]> {
    return readCompaniesById(this.#api, await this.#mapping(mapping), ids);
  }

  async sampleAccounts(mapping: Mapping, ids: readonly string[]): Promise<SampleAccount[]> {
    return sampleCompanies(this.#api, await this.#mapping(mapping), ids);
  }

  readActivityChanges(checkpoint: Checkpoint | null): AsyncIterable<ActivityChangePage> {
    return readActivityChanges(this.#api, checkpoint, this.#now());
  }

  activityStreamAt(checkpoint: Checkpoint | null): number | null {
    return activityStreamAt(checkpoint);
  }

  async accountsOf(kind: HistoryKind, ids: readonly string[]): Promise<string[]> {
    const links = await associatedIds(this.#api, HISTORY_OBJECT[kind], 'companies', ids);
    return [...new Set([...links.values()].flat())];
  }

  async readFieldHistory(mapping: Mapping, ids: readonly string[], fields: readonly MappableField[]): Promise<FieldHistoryRead> {
    return readFieldHistory(this.#api, await this.#mapping(mapping), ids, fields);
  }

  historyMinimum(volume: HistoryVolume): HistoryMinimum {
    return hubspotHistoryMinimum(volume);
  }

  async readHistory(accountIds: readonly string[], asOf: number, policy: Policy, scope?: HistoryScope, kinds?: readonly HistoryKind[]): Promise<Map<string, AccountHistory>> {
    this.#stages ??= stageStates(this.#api, this.#definitions).catch((error: unknown) => {
      this.#stages = null;
      throw error;
    });
    return this.#history.read(accountIds, asOf, policy, await this.#stages, scope, kinds);
  }

  async writeAccounts(updates: readonly AccountUpdate[], runToken?: string): Promise<WriteOutcome[]> {
    // A portal set up before the stamp existed gets it on the next full run (ensureSchema); until
    // then a write naming it would be refused whole, so it is left out and no fence is made.
    const stamp = runToken !== undefined && (await this.#hasWriteRun()) ? runToken : undefined;
    const outcomes = await writeCompanies(this.#api, updates, stamp);
    // HubSpot refused a record: a property or an option may have changed under the kept
    // definitions, so the next use reads them again. (BAD_WRITE_VALUE is our own formatting, not HubSpot's.)
    if (outcomes.some((o) => o.error && o.error.code !== 'BAD_WRITE_VALUE')) {
      this.#stages = null;
      await this.#definitions.clear();
    }
    return outcomes;
  }

  async fenceOwnWrites(checkpoint: Checkpoint, fence: OwnWriteFence): Promise<Checkpoint | null> {
    return (await this.#hasWriteRun()) ? withFence(checkpoint, fence) : null;
  }

  async #hasWriteRun(): Promise<boolean> {
    const fields = await this.#definitions.get(COMPANY_FIELDS, CrmFieldsSchema, () => companyFields(this.#api));
    return fields.some((f) => f.name === WRITE_RUN_PROPERTY);
  }

  findTasks(tasks: readonly TaskRef[]): Promise<CrmTask[]> {
    return findTasks(this.#api, tasks);
  }

  taskStatus(crmIds: readonly string[]): Promise<CrmTask[]> {
    return taskStatus(this.#api, crmIds);
  }

  createTasks(tasks: readonly TaskToCreate[]): Promise<TaskOutcome[]> {
    return createTasks(this.#api, tasks);
  }
}
