// Which Accounts already hold the values an update was sending, read back after the update's
// answer was lost (a 5xx or a reset after Salesforce may have saved it). Sending the update again
// would be harmless to the values but not to the org: every save moves SystemModstamp and runs
// the org's triggers, flows and field history again, and a first cycle would write more Accounts
// than it has. One query tells which records were saved; only the others are sent again.
import { z } from 'zod';
import { parseInstant } from '../../model/index.ts';
import type { SalesforceApi } from './api.ts';
import { runQueries } from './composite-query.ts';
import { ACCOUNT_FIELDS } from './pulse-fields.ts';
import { readRecords } from './schemas/records.ts';
import { inStatements } from './soql.ts';

const DATETIME = new Set(Object.values(ACCOUNT_FIELDS).filter((f) => f.metadataType === 'DateTime').map((f) => f.name));
const MULTI = new Set(Object.values(ACCOUNT_FIELDS).filter((f) => f.metadataType === 'MultiselectPicklist').map((f) => f.name));
const HeldSchema = z.looseObject({ Id: z.string().min(1) });

/** Whether the org's value is the one sent, as Salesforce gives values back. */
export function sameValue(field: string, sent: unknown, held: unknown): boolean {
  const empty = (v: unknown) => v === null || v === undefined || v === '';
  if (empty(sent) || empty(held)) return empty(sent) && empty(held);
  if (DATETIME.has(field)) return parseInstant(String(sent)) === parseInstant(String(held));
  if (MULTI.has(field)) return String(sent).split(';').sort().join(';') === String(held).split(';').sort().join(';');
  return sent === held;
}

/** The ids of these update records whose every field already holds the value sent. */
export async function heldValues(api: SalesforceApi, records: readonly { id?: string; [field: string]: unknown }[]): Promise<Set<string>> {
  const fields = [...new Set(records.flatMap((r) => Object.keys(r).filter((k) => k !== 'attributes' && k !== 'id')))];
  const ids = records.map((r) => r.id!);
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm
  // POST /services/data/vXX.X/composite: GET query subrequests on Account by Id
  const statements = inStatements(`SELECT Id, ${fields.join(', ')} FROM Account WHERE Id`, ids).map((soql) => ({ soql }));
  const rows = new Map(readRecords('Account values', HeldSchema, (await runQueries(api, statements)).flat()).map((r) => [r.Id, r as Record<string, unknown>]));
  const held = new Set<string>();
  for (const r of records) {
    const row = rows.get(r.id!);
    if (row && Object.keys(r).every((k) => k === 'attributes' || k === 'id' || sameValue(k, r[k], row[k]))) held.add(r.id!);
  }
  return held;
}
