// Past values of the mapped company properties for the backtest: HubSpot's property history
// (`propertiesWithHistory`) in batch reads of 50 companies (HubSpot's cap for history reads), so
// a portfolio of n companies costs ceil(n / 50) calls, its minimum. Values go through the same
// transforms and range checks as a live read; one that fails is reported and left out.
import { accountFields } from '../../model/index.ts';
import type { FieldHistoryRead } from '../connector.ts';
import type { EffectiveMapping } from '../mapping/apply.ts';
import type { MappableField } from '../mapping/schema.ts';
import { applyTransform, shownValue } from '../mapping/transform.ts';
import type { HubSpotApi } from './api.ts';
import { chunks } from './hs-values.ts';
import { HistoryBatchSchema } from './schemas/history.ts';

export const HISTORY_BATCH_SIZE = 50;

export async function readFieldHistory(api: HubSpotApi, mapping: EffectiveMapping, ids: readonly string[], fields: readonly MappableField[]): Promise<FieldHistoryRead> {
  const wanted = fields.filter((f) => mapping[f] !== undefined);
  const properties = [...new Set(wanted.map((f) => mapping[f]!.field))];
  const out: FieldHistoryRead = { byAccount: new Map(), source: 'hubspot_property_history', tracked: wanted, problems: [], rows: 0 };
  if (properties.length === 0) return out;
  for (const chunk of chunks([...new Set(ids)], HISTORY_BATCH_SIZE)) {
    // https://developers.hubspot.com/docs/guides/api/crm/objects/companies (Batch tab)
    // POST /crm/objects/{version}/companies/batch/read with propertiesWithHistory (PublicApiSpecs/
    // CRM/Companies/Rollouts/424/2026-09/companies.json, BatchReadInputSimplePublicObjectId; the
    // answer's SimplePublicObjectWithAssociations.propertiesWithHistory lists versions newest first).
    const answer = await api.call(
      { method: 'POST', path: `/crm/objects/${api.version}/companies/batch/read`, json: { properties: [], propertiesWithHistory: properties, inputs: chunk.map((id) => ({ id })) } },
      HistoryBatchSchema,
    );
    out.rows += answer.results.length;
    for (const record of answer.results) {
      const byField: Partial<Record<MappableField, { at: number; value: unknown }[]>> = {};
      for (const field of wanted) {
        const fm = mapping[field]!;
        const versions = [...(record.propertiesWithHistory?.[fm.field] ?? [])].reverse();
        byField[field] = versions.flatMap((v) => {
          const at = Date.parse(v.timestamp);
          const t = applyTransform(fm, v.value === '' ? null : v.value);
          const checked = t.ok ? (t.value === null ? { success: true as const, data: null } : accountFields[field].safeParse(t.value)) : null;
          if (Number.isNaN(at) || !checked?.success) {
            out.problems.push(`company ${record.id}: ${fm.field} ${shownValue(v.value)} at ${v.timestamp} could not be read for ${field}`);
            return [];
          }
          return [{ at, value: checked.data }];
        });
      }
      out.byAccount.set(record.id, byField);
    }
  }
  return out;
}
