// Reads Accounts as canonical accounts: those deleted since the checkpoint (QueryAll, IsDeleted),
// then those changed, by SOQL on SystemModstamp ordered by (SystemModstamp, Id) and paged with
// queryMore; a first page whose totalSize is above the bulk threshold hands the rest of the read
// to a Bulk API 2.0 job. Only the mapped fields are selected. The first run is the same read from
// the beginning of time (a full load).
//
// Deletes: a deleted Account stays in the recycle bin 15 days with IsDeleted = true and a new
// SystemModstamp, so QueryAll finds the deletions since the last run and their stored state is
// dropped (AccountPage.deletedIds). One purged from the recycle bin before the next run is not
// seen; its stored state stays until a full re-sync, and a write to it fails for that record only.
import type { z } from 'zod';
import { mapAccount, mappedFields, rawValues, type EffectiveMapping } from '../mapping/apply.ts';
import { parseInstant, type Checkpoint } from '../../model/index.ts';
import type { AccountPage, MappedAccount, SampleAccount } from '../connector.ts';
import type { SalesforceApi } from './api.ts';
import { BulkJobLost, createQueryJob, readResults, waitForJob, type BulkOptions } from './bulk-query.ts';
import { AccountCheckpointSchema, readCheckpoint, settledUpper, type AccountCheckpoint } from './checkpoint.ts';
import { runQueries } from './composite-query.ts';
import { queryPages } from './query.ts';
import { AccountRecordSchema, readRecords } from './schemas/records.ts';
import { afterCursor, dateTime, inStatements, type Cursor } from './soql.ts';
import { ALWAYS_SELECTED } from './standard-mapping.ts';

export interface ReadAccountsOptions {
  now: number;
  /** Above this many changed Accounts, the read goes through Bulk API 2.0. */
  bulkThreshold: number;
  bulk: BulkOptions;
}

type AccountRecord = z.output<typeof AccountRecordSchema>;

function accounts(records: readonly unknown[]): AccountRecord[] {
  return readRecords('Account records', AccountRecordSchema, records);
}

function toMapped(records: readonly AccountRecord[], mapping: EffectiveMapping): MappedAccount[] {
  return records.map((r) => mapAccount(r.Id, r, mapping));
}

/** The (SystemModstamp, Id) of a record, where a read resumes after it. */
function cursorAt(r: AccountRecord): Cursor {
  const since = parseInstant(r.SystemModstamp ?? '');
  if (since === undefined) throw new RangeError(`Account ${r.Id} has no readable SystemModstamp`);
  return { since, afterId: r.Id };
}

export async function* readAccounts(api: SalesforceApi, mapping: EffectiveMapping, checkpoint: Checkpoint | null, o: ReadAccountsOptions): AsyncGenerator<AccountPage> {
  const select = [...new Set([...ALWAYS_SELECTED, ...mappedFields(mapping)])].join(', ');
  let state: AccountCheckpoint = readCheckpoint(AccountCheckpointSchema, checkpoint) ?? {
    v: 1,
    source: 'salesforce.accounts',
    cursor: { since: 0, afterId: null },
    deletedSince: null,
    bulk: null,
  };

  if (state.bulk) {
    try {
      yield* bulkPages(api, mapping, state, o.bulk);
      return;
    } catch (error) {
      if (!(error instanceof BulkJobLost)) throw error;
      // Read again from the cursor the job started at; saves are upserts.
      state = { ...state, bulk: null };
    }
  }

  const upper = settledUpper(o.now);
  const window = `SystemModstamp <= ${dateTime(upper)}`;

  // Deletions first. A deleted Account cannot change afterwards, and one restored from the recycle
  // bin gets a new SystemModstamp, so the read below finds it as changed.
  const since = state.deletedSince !== null ? ` AND SystemModstamp > ${dateTime(state.deletedSince)}` : '';
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_queryall.htm
  // GET /services/data/vXX.X/queryAll?q=SELECT Id FROM Account WHERE IsDeleted = true ...
  for await (const page of queryPages(api, `SELECT Id FROM Account WHERE IsDeleted = true${since} AND ${window} ORDER BY SystemModstamp, Id`, { all: true })) {
    if (page.done) state = { ...state, deletedSince: upper };
    const deletedIds = accounts(page.records).map((r) => r.Id);
    if (deletedIds.length > 0 || page.done) yield { accounts: [], deletedIds, checkpoint: state };
  }

  let first = true;
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
  // GET /services/data/vXX.X/query?q=SELECT ... FROM Account WHERE <after cursor> ORDER BY SystemModstamp, Id
  for await (const page of queryPages(api, `SELECT ${select} FROM Account WHERE ${afterCursor(state.cursor)} AND ${window} ORDER BY SystemModstamp, Id`)) {
    const records = accounts(page.records);
    const last = records.at(-1);
    state = { ...state, cursor: page.done ? { since: upper, afterId: null } : last ? cursorAt(last) : state.cursor };
    yield { accounts: toMapped(records, mapping), deletedIds: [], checkpoint: state };
    if (first && !page.done && page.totalSize > o.bulkThreshold) {
      // The rest in one Bulk API 2.0 job (no ORDER BY there): fewer calls than 2,000 a page.
      const jobId = await createQueryJob(api, `SELECT ${select} FROM Account WHERE ${afterCursor(state.cursor)} AND ${window}`);
      state = { ...state, bulk: { jobId, locator: null, upper } };
      // Saved before waiting, so a run that stops here resumes this job instead of starting another.
      yield { accounts: [], deletedIds: [], checkpoint: state };
      yield* bulkPages(api, mapping, state, o.bulk);
      return;
    }
    first = false;
  }
}

async function* bulkPages(api: SalesforceApi, mapping: EffectiveMapping, state: AccountCheckpoint, o: BulkOptions): AsyncGenerator<AccountPage> {
  const job = state.bulk!;
  await waitForJob(api, job.jobId, o);
  let locator = job.locator;
  do {
    const set = await readResults(api, job.jobId, locator, o);
    locator = set.next;
    const checkpoint: AccountCheckpoint = locator
      ? { ...state, bulk: { ...job, locator } }
      : { ...state, cursor: { since: job.upper, afterId: null }, bulk: null };
    yield { accounts: toMapped(accounts(set.records), mapping), deletedIds: [], checkpoint };
  } while (locator);
}

async function recordsById(api: SalesforceApi, mapping: EffectiveMapping, ids: readonly string[]): Promise<AccountRecord[]> {
  const select = [...new Set([...ALWAYS_SELECTED, ...mappedFields(mapping)])].join(', ');
  const statements = inStatements(`SELECT ${select} FROM Account WHERE Id`, ids).map((soql) => ({ soql }));
  // POST /services/data/vXX.X/composite (composite-query.ts): SOQL on Account by Id
  return accounts((await runQueries(api, statements)).flat());
}

export async function readAccountsById(api: SalesforceApi, mapping: EffectiveMapping, ids: readonly string[]): Promise<MappedAccount[]> {
  return toMapped(await recordsById(api, mapping, ids), mapping);
}

export async function sampleAccountsById(api: SalesforceApi, mapping: EffectiveMapping, ids: readonly string[]): Promise<SampleAccount[]> {
  return (await recordsById(api, mapping, ids)).map((r) => ({ ...mapAccount(r.Id, r, mapping), raw: rawValues(r, mapping) }));
}
