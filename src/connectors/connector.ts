// The one interface both CRM connectors implement. Nothing outside a connector's folder knows a
// CRM's API shapes: the pipeline reads canonical accounts and activities, writes our own values
// and tasks, and keeps checkpoints it does not look inside.
import type { Account, Activity, Deal, Policy, TaskIntent, WriteBackValues, PulseError, ApiUsage, Checkpoint, CrmKind, TaskKind } from '../model/index.ts';
import type { CrmField } from './mapping/check.ts';
import type { Mapping, MappableField } from './mapping/schema.ts';
import type { ValueProblem } from './mapping/apply.ts';


export interface MappedAccount {
  account: Account;
  problems: ValueProblem[];
}

/** An account as read, for an admin checking a mapping: the raw value of each mapped CRM field beside what it maps to. */
export interface SampleAccount extends MappedAccount {
  raw: Record<string, unknown>;
}

export interface AccountPage {
  accounts: MappedAccount[];
  /** Accounts deleted in the CRM since the checkpoint: their stored state is dropped. */
  deletedIds: string[];
  /** Where to resume once this page is saved (save, then checkpoint). */
  checkpoint: Checkpoint;
}

export interface ActivityChangePage {
  /** Accounts whose activities or deals changed: they are re-scored. */
  accountIds: string[];
  checkpoint: Checkpoint;
}

export interface AccountHistory {
  activities: Activity[];
  deals: Deal[];
  /** Durations and amounts that could not be real, one sentence each, reported as BAD_VALUE. */
  problems: string[];
}

/** The kinds of history a read can be limited to (a webhook names one); emails and notes are never read on their own. */
export const HISTORY_KINDS = ['meeting', 'call', 'ticket', 'deal'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];
/** Past values of mapped fields, per account: canonical (transformed) values, oldest first. */
export interface FieldHistoryRead {
  byAccount: Map<string, Partial<Record<MappableField, { at: number; value: unknown }[]>>>;
  /** Where the values came from, for the report. */
  source: 'hubspot_property_history' | 'salesforce_field_history';
  /** The fields the CRM keeps history for; the others fall back to crm-pulse's snapshots. */
  tracked: MappableField[];
  /** Values that failed their transform, one sentence each. */
  problems: string[];
  /** History rows the CRM answered with (Salesforce: AccountHistory rows; HubSpot: companies), for the read's minimum. */
  rows: number;
}

/** The types of record a history read returns: each canonical activity type, and deals. */
export type HistoryRecordType = Activity['type'] | 'deal';

/**
 * What a backtest's history reads brought back, over all its chunks: what the fewest calls that
 * could have read it are counted from (Connector.historyMinimum, docs/backtest.md).
 */
export interface HistoryVolume {
  /** The accounts whose history was read. */
  accounts: readonly string[];
  /** The field history read: fields read from the CRM's history, and the rows it answered with; null when none was read. */
  fieldHistory: { tracked: number; rows: number } | null;
  /** Per type: the records read (each once per chunk of accounts) and the accounts holding any. */
  records: Record<HistoryRecordType, { records: number; accounts: number }>;
}

/** The fewest calls that move what a backtest's history reads moved, each call full to the CRM's caps. */
export interface HistoryMinimum {
  /** Field history (HubSpot property history, Salesforce AccountHistory); null when none was read. */
  fieldHistory: number | null;
  /** Activities, tickets and deals. */
  history: number;
}

/** What a history read is part of, so a connector can weigh one batch's calls against the run's. */
export interface HistoryScope {
  /** The run the batch belongs to: what one batch of it read for the whole run serves its other batches, and no other run. */
  runId: string;
  /** The run scores every account of the CRM (a full cycle), in batches of the same as-of date. */
  wholePortal: boolean;
  /** Where what one batch reads for the whole run waits for the others, in whichever process they run. */
  shared: RunHistory;
}

/**
 * What a run reads once for all its batches (HubSpot's windowed searches), kept outside the
 * process (store/run-history.ts): a portal's window is too big to hold in a worker, and every
 * worker process serves batches of the run. A part is one kind of record read one way; one batch
 * claims it and appends what it finds under keys of the connector's choosing (by company, or by
 * record for batches that resolve their companies' records themselves), the others wait until it
 * is done and take their share.
 */
export interface RunHistory {
  /** `read`: the part is the caller's to read, nothing of it kept; `done`: kept whole; `busy`: another batch is reading it. */
  claim(part: string): Promise<'read' | 'done' | 'busy'>;
  /** Records found so far, by key (a company id, or a record's own id), each serialized by the connector; keeps the claim alive. */
  append(part: string, byKey: ReadonlyMap<string, readonly string[]>): Promise<void>;
  finish(part: string): Promise<void>;
  /** Gives a claim up after a failed read, so another batch reads the part again. */
  release(part: string): Promise<void>;
  /** The records kept under these keys (none: absent); any number of keys, asked a bounded share at a time. */
  get(part: string, keys: readonly string[]): Promise<Map<string, string[]>>;
}

export interface AccountUpdate {
  accountId: string;
  values: Partial<WriteBackValues>;
}

export interface WriteOutcome {
  accountId: string;
  error: PulseError | null;
  /** When the CRM stamped the write (HubSpot's updatedAt), if it says. */
  writtenAt?: number;
}

/**
 * A run's own writes, to be left out of the next incremental read: every account the run wrote
 * carries `token`, and each was read again after `until`, the CRM's stamp of the run's last write.
 */
export interface OwnWriteFence {
  token: string;
  until: number;
}

export interface TaskToCreate extends TaskIntent {
  accountId: string;
}

export interface CrmTask {
  key: string;
  crmId: string;
  status: 'open' | 'completed';
  createdAt: number;
}

/** A task looked up by its dedupe key, with the account (and deal) it was created on. */
export interface TaskRef {
  key: string;
  accountId: string;
  kind: TaskKind;
  dealId: string | null;
}

export interface TaskOutcome {
  key: string;
  crmId: string | null;
  error: PulseError | null;
}

export interface SchemaChange {
  object: string;
  name: string;
  action: 'created' | 'options_added';
}

export interface Connector {
  readonly kind: CrmKind;
  /**
   * Accounts one write call takes, the CRM's batch cap (HubSpot 100, Salesforce 200). The
   * write-back sends and records its writes in calls this size. Default 100.
   */
  readonly writeBatchSize?: number;
  /** The account object's fields, for checking a mapping (see mapping/check.ts). */
  accountFields(): Promise<CrmField[]>;
  /** Creates our write-back fields and task fields when missing; never changes anything else. */
  ensureSchema(policy: Policy): Promise<SchemaChange[]>;
  /** These accounts read under `mapping`, with the raw values of its fields (the console's mapping preview). */
  sampleAccounts(mapping: Mapping, ids: readonly string[]): Promise<SampleAccount[]>;
  /** Accounts changed since the checkpoint (null: full load), page by page. */
  readAccounts(mapping: Mapping, checkpoint: Checkpoint | null): AsyncIterable<AccountPage>;
  /** Specific accounts, e.g. those a webhook or an activity change points at. */
  readAccountsById(mapping: Mapping, ids: readonly string[]): Promise<MappedAccount[]>;
  /** Accounts whose activities or deals changed since the checkpoint (null: start from now). */
  readActivityChanges(checkpoint: Checkpoint | null): AsyncIterable<ActivityChangePage>;
  /** The accounts these history records belong to (a webhook names a deal or a call; its accounts are re-scored). */
  accountsOf(kind: HistoryKind, ids: readonly string[]): Promise<string[]>;
  /**
   * Trailing history the rules read (DOMAIN.md section 9 "History read"), per account id. `scope`
   * (default: these accounts only) tells whether other batches of the same as-of date follow.
   * `kinds` (default all): read only these kinds; a connector may read more, never fewer.
   */
  readHistory(accountIds: readonly string[], asOf: number, policy: Policy, scope?: HistoryScope, kinds?: readonly HistoryKind[]): Promise<Map<string, AccountHistory>>;
  /**
   * The instant before which the activity change stream at this checkpoint has seen every change
   * of history (null: it has seen nothing yet). Absent: the connector cannot tell.
   */
  activityStreamAt?(checkpoint: Checkpoint | null): number | null;
  /**
   * Writes our values; one outcome per update, failures per record. `runToken` (a connector with
   * `fenceOwnWrites`) is stamped on each account written, so a fence can name the run's writes.
   */
  writeAccounts(updates: readonly AccountUpdate[], runToken?: string): Promise<WriteOutcome[]>;
  /**
   * The account checkpoint with a fence over a run's own writes (HubSpot), or null when the CRM
   * cannot take one (our stamp property missing). Only once every account the run tried to write
   * was read again after the fence's `until`.
   */
  fenceOwnWrites?(checkpoint: Checkpoint, fence: OwnWriteFence): Promise<Checkpoint | null>;
  /**
   * The past values of these mapped fields (the backtest, docs/backtest.md); absent for a CRM
   * whose field history crm-pulse does not read yet (the backtest then uses its snapshots).
   */
  readFieldHistory?(mapping: Mapping, ids: readonly string[], fields: readonly MappableField[]): Promise<FieldHistoryRead>;
  /** The fewest calls that could have read what a backtest's history reads returned (the record-moving calls only, at the CRM's caps). */
  historyMinimum?(volume: HistoryVolume): HistoryMinimum;
  /**
   * crm-pulse tasks with these dedupe keys that exist in the CRM, read from the CRM's records
   * (never a search index that lags), so a task created a moment ago is found.
   */
  findTasks(tasks: readonly TaskRef[]): Promise<CrmTask[]>;
  /** The current status of crm-pulse tasks by CRM id (handoff status moves with them). */
  taskStatus(crmIds: readonly string[]): Promise<CrmTask[]>;
  createTasks(tasks: readonly TaskToCreate[]): Promise<TaskOutcome[]>;
  /**
   * The CRM account's daily API budget as last reported, for the run summary and the connection
   * status; absent for a CRM that does not report one (HubSpot), null before the first answer.
   */
  apiUsage?(): ApiUsage | null;
}
