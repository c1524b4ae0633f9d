// Finds the accounts whose history changed since the checkpoint: Tasks, Events, Cases and
// Opportunities modified since each object's cursor, read together through the Composite resource
// (one call carries the four statements), ordered by (SystemModstamp, Id) so each cursor moves
// page by page, and grouped by AccountId. QueryAll also returns deleted rows, so deleting an
// activity re-scores its account too.
import type { ActivityChangePage } from '../connector.ts';
import { type Checkpoint, parseInstant } from '../../model/index.ts';
import type { SalesforceApi } from './api.ts';
import { ActivityCheckpointSchema, HISTORY_OBJECTS, readCheckpoint, settledUpper, type ActivityCheckpoint } from './checkpoint.ts';
import { compositePages } from './composite-query.ts';
import { ChangeRecordSchema, readRecords } from './schemas/records.ts';
import { afterCursor, dateTime, type Cursor } from './soql.ts';

function startingAt(since: number): ActivityCheckpoint {
  const cursor: Cursor = { since, afterId: null };
  return { v: 1, source: 'salesforce.activities', cursors: { Task: cursor, Event: cursor, Case: cursor, Opportunity: cursor } };
}

export async function* readActivityChanges(api: SalesforceApi, checkpoint: Checkpoint | null, now: number): AsyncGenerator<ActivityChangePage> {
  const upper = settledUpper(now);
  const cp = readCheckpoint(ActivityCheckpointSchema, checkpoint);
  if (!cp) {
    // A first run scores every account anyway: changes count from now on.
    yield { accountIds: [], checkpoint: startingAt(upper) };
    return;
  }
  const cursors = { ...cp.cursors };
  const statements = HISTORY_OBJECTS.map((object) => ({
    soql: `SELECT Id, AccountId, SystemModstamp FROM ${object} WHERE ${afterCursor(cursors[object])} AND SystemModstamp <= ${dateTime(upper)} ORDER BY SystemModstamp, Id`,
    all: true,
  }));
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm
  // POST /services/data/vXX.X/composite: GET queryAll subrequests on the four objects
  for await (const pages of compositePages(api, statements)) {
    const accountIds = new Set<string>();
    for (const page of pages) {
      const object = HISTORY_OBJECTS[page.statement]!;
      const rows = readRecords(`${object} changes`, ChangeRecordSchema, page.records);
      for (const r of rows) if (r.AccountId) accountIds.add(r.AccountId);
      const last = rows.at(-1);
      const since = last ? parseInstant(last.SystemModstamp) : undefined;
      if (page.done) cursors[object] = { since: upper, afterId: null };
      else if (last && since !== undefined) cursors[object] = { since, afterId: last.Id };
    }
    yield { accountIds: [...accountIds], checkpoint: { v: 1, source: 'salesforce.activities', cursors: { ...cursors } } };
  }
}
