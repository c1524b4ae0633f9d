// A history type's window searched once for a whole-portal run and kept in the run's shared
// history (store/run-history.ts), where every batch of the run, in whichever process, takes its
// companies' records. A part is kept one of two ways, and its name says which (a process that
// chose the other way reads its own part, never a mix):
// - by company (records side): the search resolves its hits to their companies, 1,000 records an
//   association read, once for the run; each batch takes its companies' entries.
// - by record (companies side, part name ending `:byRecord`): the search keeps each hit under its
//   own id and reads no association; each batch reads its companies' associations to the type
//   (1,000 companies a read) and takes the associated records the window holds. The association
//   reads follow the companies, not the window: fewer when the window holds more records than
//   the portal has companies (2 years of history, 100,000 companies: 700,000 window records).
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunHistory } from '../connector.ts';
import type { HubSpotApi } from './api.ts';
import { associatedIds } from './associations.ts';
import type { HistoryObject } from './checkpoint.ts';
import { searchByCompany, searchRecords, type TypeSearch } from './history-search.ts';
import { HsObjectSchema, type HsObject } from './schemas/objects.ts';
import { SEARCH_PAGE_SIZE } from './search.ts';
import { HISTORY_PROPERTIES } from './to-activity.ts';

/** How often a batch looks whether the search another batch (in another process) runs for it is done. */
const SHARED_POLL_MS = 200;

export type SharedWay = 'byCompany' | 'byRecord';

/** The part of the run's shared history that holds one type's window, kept one way. */
export const sharedPart = (type: HistoryObject, window: string, way: SharedWay) => `${type}:${window}${way === 'byRecord' ? ':byRecord' : ''}`;

// A kept record is its id and properties as JSON, one a line (JSON holds no raw newline).
const toLine = (r: HsObject) => JSON.stringify({ id: r.id, properties: r.properties });
const fromLine = (line: string) => HsObjectSchema.parse(JSON.parse(line));

/** Claims the part and searches it into the run's shared history, or waits for the batch that claimed it (a claim whose reader died lapses). */
export async function untilShared(api: HubSpotApi, shared: RunHistory, part: string, way: SharedWay, type: HistoryObject, search: TypeSearch): Promise<void> {
  const properties = HISTORY_PROPERTIES[type];
  for (;;) {
    const state = await shared.claim(part);
    if (state === 'done') return;
    if (state === 'busy') {
      await sleep(SHARED_POLL_MS);
      continue;
    }
    try {
      if (way === 'byCompany') {
        await searchByCompany(api, type, search, properties, (found) => shared.append(part, new Map([...found].map(([company, records]) => [company, records.map(toLine)]))));
      } else {
        await searchRecords(api, type, search, properties, SEARCH_PAGE_SIZE, (records) => shared.append(part, new Map(records.map((r) => [r.id, [toLine(r)]]))));
      }
      await shared.finish(part);
      return;
    } catch (error) {
      // Left unreleased (Redis gone too), the claim lapses by itself.
      await shared.release(part).catch(() => undefined);
      throw error;
    }
  }
}

/** The companies' records of a part kept whole: their entries (by company), or their associated records the window holds (by record). */
export async function sharedRecords(api: HubSpotApi, shared: RunHistory, part: string, way: SharedWay, type: HistoryObject, accountIds: readonly string[]): Promise<Map<string, HsObject[]>> {
  if (way === 'byCompany') {
    const kept = await shared.get(part, accountIds);
    return new Map([...kept].map(([company, lines]) => [company, lines.map(fromLine)]));
  }
  const links = await associatedIds(api, 'companies', type, accountIds);
  // The companies' records of every age: those outside the window are simply not kept.
  const ids = new Set<string>();
  for (const list of links.values()) for (const id of list) ids.add(id);
  const kept = await shared.get(part, [...ids]);
  // A record the search met twice (its date moved while the read ran) is kept twice: the later read wins.
  const byId = new Map([...kept].map(([id, lines]) => [id, fromLine(lines.at(-1)!)]));
  return new Map([...links].map(([company, ids]) => [company, ids.flatMap((id) => byId.get(id) ?? [])]));
}
