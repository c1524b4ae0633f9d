// Writes our values to companies, 100 per batch update. Only what the caller passes is sent (the
// diff against the last written values happens above the connector, writeback/values.ts), so an
// update with no values makes no call. A value that cannot be formatted, or a record HubSpot
// refuses in its answer's errors[] (a bad value, a portal's validation rule), fails that record alone.
import { RecordError, type WriteField, type WriteValue } from '../../model/index.ts';
import type { AccountUpdate, WriteOutcome } from '../connector.ts';
import type { HubSpotApi } from './api.ts';
import { BATCH_SIZE } from './batch-read.ts';
import { errorsByInput } from './batch-errors.ts';
import { formatValue } from './format.ts';
import { chunks, hsTime } from './hs-values.ts';
import { COMPANY_PROPERTY, WRITE_RUN_PROPERTY } from './pulse-properties.ts';
import { LAST_MODIFIED } from './standard-mapping.ts';
import { BatchObjectsSchema } from './schemas/objects.ts';

interface Input {
  id: string;
  objectWriteTraceId: string;
  properties: Record<string, string>;
}

/** `runToken`: stamped on each company written (own-writes.ts); only when the portal has our property. */
export async function writeCompanies(api: HubSpotApi, updates: readonly AccountUpdate[], runToken?: string): Promise<WriteOutcome[]> {
  const errors = new Map<string, RecordError | null>();
  const writtenAt = new Map<string, number>();
  // HubSpot refuses a batch naming one id twice: later updates of an account override earlier ones.
  const merged = new Map<string, Partial<Record<WriteField, WriteValue>>>();
  for (const u of updates) merged.set(u.accountId, { ...merged.get(u.accountId), ...u.values });

  const inputs: Input[] = [];
  for (const [id, values] of merged) {
    const properties: Record<string, string> = {};
    const bad: string[] = [];
    for (const [field, value] of Object.entries(values) as [WriteField, WriteValue | undefined][]) {
      // An absent value is not sent (null is: it clears the property).
      if (value === undefined) continue;
      const f = formatValue(field, value);
      if (f.ok) properties[COMPANY_PROPERTY[field]] = f.value;
      else bad.push(`${field} ${f.reason}`);
    }
    if (bad.length) errors.set(id, new RecordError('BAD_WRITE_VALUE', `company ${id} was not written: ${bad.join('; ')}`, id));
    else if (Object.keys(properties).length === 0) errors.set(id, null);
    else inputs.push({ id, objectWriteTraceId: id, properties: runToken ? { ...properties, [WRITE_RUN_PROPERTY]: runToken } : properties });
  }

  for (const chunk of chunks(inputs, BATCH_SIZE)) {
    let done: Set<string>;
    let reasons: ReturnType<typeof errorsByInput>;
    try {
      // https://developers.hubspot.com/docs/guides/api/crm/objects/companies (Batch tab)
      // POST /crm/objects/{version}/companies/batch/update (PublicApiSpecs/CRM/Companies/Rollouts/424/
      // 2026-09/companies.json, BatchInputSimplePublicObjectBatchInput: inputs of id, objectWriteTraceId,
      // properties). A record the portal's validation rules refuse (enforced from 2026-09) is one
      // of the answer's errors[], and the rest of the batch is written.
      const answer = await api.call({ method: 'POST', path: `/crm/objects/${api.version}/companies/batch/update`, json: { inputs: chunk } }, BatchObjectsSchema);
      done = new Set(answer.results.map((r) => r.id));
      for (const r of answer.results) {
        const at = hsTime(r.updatedAt ?? r.properties?.[LAST_MODIFIED]);
        if (at !== undefined) writtenAt.set(r.id, at);
      }
      reasons = errorsByInput(answer.errors);
    } catch (error) {
      // A request-level refusal (400) fails this batch's records, not the whole write.
      if (!(error instanceof RecordError)) throw error;
      for (const input of chunk) errors.set(input.id, new RecordError(error.code, `company ${input.id}: ${error.message}`, input.id));
      continue;
    }
    for (const input of chunk) {
      if (done.has(input.id)) errors.set(input.id, null);
      else {
        const why = reasons.byId.get(input.id) ?? reasons.other[0] ?? 'HubSpot gave no reason';
        errors.set(input.id, new RecordError('HUBSPOT_WRITE_REJECTED', `HubSpot did not update company ${input.id}: ${why}`, input.id));
      }
    }
  }
  return [...merged.keys()].map((accountId) => {
    const at = writtenAt.get(accountId);
    return { accountId, error: errors.get(accountId) ?? null, ...(at === undefined ? {} : { writtenAt: at }) };
  });
}
