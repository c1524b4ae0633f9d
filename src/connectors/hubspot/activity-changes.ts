// Finds the accounts whose history changed since the checkpoint. Associating an activity with a
// company does not touch the company's hs_lastmodifieddate, so each history object (meetings,
// calls, emails, notes, tickets, deals) is searched on its own modification time and the hits
// are resolved to companies, 1,000 per association read.
//
// Deletes: a deleted activity is not found by search; its account is re-read on its next change
// or full re-score. That only delays the score, never corrupts it.
import type { ActivityChangePage } from '../connector.ts';
import type { Checkpoint } from '../../model/index.ts';
import type { HubSpotApi } from './api.ts';
import { ASSOCIATION_BATCH_SIZE, associatedIds } from './associations.ts';
import { ActivityCheckpointSchema, HISTORY_OBJECTS, readCheckpoint, type ActivityCheckpoint, type SearchCursor } from './checkpoint.ts';
import { SEARCH_PAGE_SIZE, SEARCH_SETTLE_MS, searchChanged } from './search.ts';

function startingNow(now: number): ActivityCheckpoint {
  const cursor: SearchCursor = { since: now - SEARCH_SETTLE_MS, seen: [] };
  const cursors = Object.fromEntries(HISTORY_OBJECTS.map((o) => [o, cursor])) as Record<(typeof HISTORY_OBJECTS)[number], SearchCursor>;
  return { v: 1, source: 'hubspot.activities', cursors };
}

/** Every history change modified before this instant has been read at the checkpoint: its slowest type's cursor. */
export function activityStreamAt(checkpoint: Checkpoint | null): number | null {
  const cp = readCheckpoint(ActivityCheckpointSchema, checkpoint);
  return cp ? Math.min(...HISTORY_OBJECTS.map((type) => cp.cursors[type].since)) : null;
}

export async function* readActivityChanges(api: HubSpotApi, checkpoint: Checkpoint | null, now: number): AsyncGenerator<ActivityChangePage> {
  const cp = readCheckpoint(ActivityCheckpointSchema, checkpoint);
  if (!cp) {
    yield { accountIds: [], checkpoint: startingNow(now) };
    return;
  }
  const cursors = { ...cp.cursors };
  for (const type of HISTORY_OBJECTS) {
    let pending: string[] = [];
    let pendingCursor: SearchCursor | null = null;
    const flush = async (): Promise<ActivityChangePage> => {
      const companies = await associatedIds(api, type, 'companies', pending);
      cursors[type] = pendingCursor!;
      pending = [];
      pendingCursor = null;
      const checkpointNow: ActivityCheckpoint = { v: 1, source: 'hubspot.activities', cursors: { ...cursors } };
      return { accountIds: [...new Set([...companies.values()].flat())], checkpoint: checkpointNow };
    };
    for await (const page of searchChanged(api, { objectType: type, start: cursors[type], properties: [], now })) {
      pending.push(...page.records.map((r) => r.id));
      pendingCursor = page.cursor;
      // Fill association reads up to their 1,000-id cap before resolving.
      if (pending.length + SEARCH_PAGE_SIZE > ASSOCIATION_BATCH_SIZE) yield await flush();
    }
    if (pendingCursor) yield await flush();
  }
}
