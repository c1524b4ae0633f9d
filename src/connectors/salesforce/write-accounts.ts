// Writes our values to Accounts. Only what the caller passes is sent (the diff against the last
// written values happens above the connector, writeback/values.ts), so an update with no values
// makes no call. A value that cannot be formatted, or a record Salesforce refuses, fails that
// record alone. An update whose answer was lost is read back, and only what was not saved is sent
// again (collections.ts), so each Account is saved once.
import { RecordError, type WriteField, type WriteValue } from '../../model/index.ts';
import type { AccountUpdate, WriteOutcome } from '../connector.ts';
import type { SalesforceApi } from './api.ts';
import { saveRecords, type SfWriteRecord } from './collections.ts';
import { formatValue } from './format.ts';
import { ACCOUNT_FIELDS } from './pulse-fields.ts';

export async function writeAccounts(api: SalesforceApi, updates: readonly AccountUpdate[]): Promise<WriteOutcome[]> {
  const errors = new Map<string, RecordError | null>();
  // A collection naming one record twice is refused: later updates of an account override earlier ones.
  const merged = new Map<string, Partial<Record<WriteField, WriteValue>>>();
  for (const u of updates) merged.set(u.accountId, { ...merged.get(u.accountId), ...u.values });

  const records: SfWriteRecord[] = [];
  for (const [id, values] of merged) {
    const record: SfWriteRecord = { attributes: { type: 'Account' }, id };
    const bad: string[] = [];
    let fields = 0;
    for (const [field, value] of Object.entries(values) as [WriteField, WriteValue | undefined][]) {
      // An absent value is not sent (null is: it clears the field).
      if (value === undefined) continue;
      const f = formatValue(field, value);
      if (f.ok) {
        record[ACCOUNT_FIELDS[field].name] = f.value;
        fields += 1;
      } else bad.push(`${field} ${f.reason}`);
    }
    if (bad.length) errors.set(id, new RecordError('BAD_WRITE_VALUE', `Account ${id} was not written: ${bad.join('; ')}`, id));
    else if (fields === 0) errors.set(id, null);
    else records.push(record);
  }

  const outcomes = await saveRecords(api, 'update', records);
  records.forEach((r, i) => {
    const o = outcomes[i]!;
    errors.set(r.id!, o.ok ? null : new RecordError('SALESFORCE_WRITE_REJECTED', `Salesforce did not update Account ${r.id}: ${o.reason}`, r.id));
  });
  return [...merged.keys()].map((accountId) => ({ accountId, error: errors.get(accountId) ?? null }));
}
