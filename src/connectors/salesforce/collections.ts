// Saves records through sObject Collections: 200 a call (Salesforce's cap; jsforce's
// `allowRecursive` would chunk the same way), allOrNone false so one bad record fails alone, one
// call at a time. A record refused with UNABLE_TO_LOCK_ROW (another transaction held it or its
// parent Account) was not saved, so just those records are sent again after a backoff. An update
// whose answer was lost is read back (held-values.ts) and only the records not saved are sent
// again; a create whose answer was lost goes back to the caller, which looks its keys up.
//
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_update.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_create.htm
import { ConnectionError, RecordError, RetryableError } from '../../model/index.ts';
import { backoffMs } from '../retry.ts';
import type { SalesforceApi } from './api.ts';
import type { SfValue } from './format.ts';
import { heldValues } from './held-values.ts';
import { SaveResultsSchema } from './schemas/save.ts';

export const COLLECTION_SIZE = 200;
/** Sends of one record refused for a lock, first included. */
export const LOCK_ATTEMPTS = 4;

export interface SfWriteRecord {
  attributes: { type: 'Account' | 'Task' };
  /** Set for updates. */
  id?: string;
  [field: string]: SfValue | { type: string } | undefined;
}

export type SaveOutcome =
  | { ok: true; id: string }
  /**
   * Not saved: refused (per record, or the whole request with a 400), or, for creates only,
   * `unconfirmed` when the answer was lost or a 5xx: Salesforce may have saved it.
   */
  | { ok: false; code: string; reason: string; unconfirmed: boolean };

/** Rounds of an update whose answer was lost (each read back, the unsaved sent again) before the error goes up. */
export const LOST_ANSWER_ROUNDS = 5;

export async function saveRecords(api: SalesforceApi, kind: 'update' | 'create', records: readonly SfWriteRecord[]): Promise<SaveOutcome[]> {
  const outcomes: SaveOutcome[] = [];
  const route = `${kind === 'update' ? 'PATCH' : 'POST'} /composite/sobjects`;
  for (let start = 0; start < records.length; start += COLLECTION_SIZE) {
    let pending = records.slice(start, start + COLLECTION_SIZE).map((record, i) => ({ record, index: start + i }));
    let lost = 0;
    for (let attempt = 1; pending.length > 0; attempt++) {
      let results;
      try {
        // PATCH (update) or POST (create) /services/data/vXX.X/composite/sobjects
        results = await api.call(
          { method: kind === 'update' ? 'PATCH' : 'POST', path: '/composite/sobjects', route, json: { allOrNone: false, records: pending.map((p) => p.record) }, saves: true },
          SaveResultsSchema,
        );
      } catch (error) {
        if (kind === 'update' && error instanceof RetryableError && ++lost < LOST_ANSWER_ROUNDS) {
          const held = await heldValues(api, pending.map((p) => p.record));
          for (const p of pending) if (held.has(p.record.id!)) outcomes[p.index] = { ok: true, id: p.record.id! };
          pending = pending.filter((p) => !held.has(p.record.id!));
          if (pending.length > 0) await api.sleep(error.waitMs ?? backoffMs(lost, () => api.random()));
          continue;
        }
        // A refused request fails its records and the next collection goes on; so does a create
        // whose outcome is unknown (the caller reconciles by key). Anything else ends the write.
        const unconfirmed = kind === 'create' && error instanceof RetryableError;
        if (!(error instanceof RecordError || unconfirmed)) throw error;
        for (const p of pending) outcomes[p.index] = { ok: false, code: error.code, reason: error.message, unconfirmed };
        break;
      }
      if (results.length !== pending.length) {
        throw new ConnectionError('SALESFORCE_UNEXPECTED_ANSWER', `Salesforce answered ${route} with ${results.length} results for ${pending.length} records. This is a crm-pulse bug or a Salesforce API change: report it with this message.`);
      }
      const locked: typeof pending = [];
      results.forEach((r, i) => {
        const p = pending[i]!;
        const first = r.errors?.[0];
        if (r.success && r.id) outcomes[p.index] = { ok: true, id: r.id };
        else if (first?.statusCode === 'UNABLE_TO_LOCK_ROW' && attempt < LOCK_ATTEMPTS) locked.push(p);
        else {
          const reason = (r.errors ?? []).map((e) => [e.statusCode, e.message].filter(Boolean).join(': ') + (e.fields?.length ? ` (${e.fields.join(', ')})` : '')).join('; ');
          outcomes[p.index] = { ok: false, code: first?.statusCode ?? 'UNKNOWN', reason: reason || 'Salesforce gave no reason', unconfirmed: false };
        }
      });
      if (locked.length > 0) await api.sleep(backoffMs(attempt, () => api.random(), 1_000));
      pending = locked;
    }
  }
  return outcomes;
}
