// Past values of the mapped Account fields for the backtest: Salesforce field history
// (AccountHistory), for the fields whose history tracking is on. Which those are is read from the
// describe of AccountHistory (its Field picklist lists the tracked fields; the connector keeps it
// an hour, so a backtest reading in chunks describes it once); the mapped fields that are not
// tracked fall back to crm-pulse's snapshots. The ids are split in five statements at least (each
// within SOQL's length) read through Composite, five pages a call, 2,000 rows a page: a GET
// query's URL holds about 750 ids (Salesforce answers 431 past 16 KB), and with five statements
// each call carries five pages while any remain, where one statement's pages come one a call.
// The value before the first recorded change (OldValue) is taken as in force from before the
// history. Values go through the mapping's transforms and range checks.
import { accountFields } from '../../model/index.ts';
import type { FieldHistoryRead } from '../connector.ts';
import type { EffectiveMapping } from '../mapping/apply.ts';
import type { MappableField } from '../mapping/schema.ts';
import { applyTransform, shownValue } from '../mapping/transform.ts';
import type { SalesforceApi } from './api.ts';
import { describe } from './fields.ts';
import { compositePages, COMPOSITE_QUERIES, type Statement } from './composite-query.ts';
import { inStatements, quote } from './soql.ts';

function canonical(field: MappableField, fm: NonNullable<EffectiveMapping[MappableField]>, raw: unknown): { ok: true; value: unknown } | { ok: false } {
  const t = applyTransform(fm, raw);
  if (!t.ok) return { ok: false };
  if (t.value === null) return { ok: true, value: null };
  const checked = accountFields[field].safeParse(t.value);
  return checked.success ? { ok: true, value: checked.data } : { ok: false };
}

/** The Account fields whose history the org tracks. */
export async function trackedFields(api: SalesforceApi): Promise<Set<string>> {
  const d = await describe(api, 'AccountHistory');
  return new Set((d.fields.find((f) => f.name === 'Field')?.picklistValues ?? []).map((v) => v.value));
}

export async function readFieldHistory(api: SalesforceApi, mapping: EffectiveMapping, ids: readonly string[], fields: readonly MappableField[], tracked: ReadonlySet<string>): Promise<FieldHistoryRead> {
  const wanted = fields.filter((f) => mapping[f] !== undefined && tracked.has(mapping[f]!.field));
  const out: FieldHistoryRead = { byAccount: new Map(), source: 'salesforce_field_history', tracked: wanted, problems: [], rows: 0 };
  if (wanted.length === 0 || ids.length === 0) return out;
  const byCrmField = new Map(wanted.map((f) => [mapping[f]!.field, f]));
  const head = `SELECT AccountId, Field, OldValue, NewValue, CreatedDate FROM AccountHistory WHERE Field IN (${[...byCrmField.keys()].map(quote).join(',')}) AND AccountId`;
  const part = Math.ceil(ids.length / COMPOSITE_QUERIES);
  const statements: Statement[] = [];
  for (let i = 0; i < ids.length; i += part) for (const soql of inStatements(head, ids.slice(i, i + part), ' ORDER BY CreatedDate')) statements.push({ soql });
  // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_accounthistory.htm
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm
  // POST /services/data/vXX.X/composite: GET query subrequests on AccountHistory. An account's rows
  // are in one statement, whose pages come in order.
  for await (const pages of compositePages(api, statements)) {
    for (const page of pages) {
      out.rows += page.records.length;
      for (const r of page.records) {
        const accountId = String(r.AccountId);
        const field = byCrmField.get(String(r.Field));
        const at = Date.parse(String(r.CreatedDate).replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
        if (!field || Number.isNaN(at)) continue;
        const fm = mapping[field]!;
        const account = out.byAccount.get(accountId) ?? {};
        out.byAccount.set(accountId, account);
        const versions = (account[field] ??= []);
        if (versions.length === 0 && r.OldValue != null) {
          const old = canonical(field, fm, r.OldValue);
          if (old.ok) versions.push({ at: 0, value: old.value });
        }
        const next = canonical(field, fm, r.NewValue);
        if (next.ok) versions.push({ at, value: next.value });
        else out.problems.push(`account ${accountId}: ${fm.field} ${shownValue(r.NewValue)} at ${String(r.CreatedDate)} could not be read for ${field}`);
      }
    }
  }
  return out;
}
