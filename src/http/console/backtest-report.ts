// The cached backtest report (docs/backtest.md, JSON) as the console reads it. The cache keeps the
// job's JSON as it came, possibly from another crm-pulse version, so the parts the pages show are
// parsed here; a report that does not parse is said to be unreadable, never half shown.
import { z } from 'zod';
import { describeIssues } from '../../model/index.ts';

const rate = z.number().nullable();
const CatchSchema = z.object({ flagged: z.number(), precision: rate, recall: rate, lift: rate });
const PartSchema = z.object({
  accounts: z.number(),
  churned: z.number(),
  churnRate: rate,
  bands: z.array(z.object({ band: z.string(), accounts: z.number(), churned: z.number(), churnRate: rate, shareOfChurn: rate })),
  atRisk: CatchSchema,
  atRiskOrWatch: CatchSchema,
  auc: rate,
});
const WeightsSchema = z.object({ usage: z.number(), engagement: z.number(), tickets: z.number(), nps: z.number() });
const FiguresSchema = z.object({
  customersAtStart: z.number(),
  churned: z.number(),
  arrAtStart: z.number(),
  grossDollarChurn: rate,
  netRevenueRetention: rate,
  logoChurnRate: rate,
  averageArr: rate,
  ltv: rate,
  cac: rate,
  ltvToCac: rate,
  cacPaybackMonths: rate,
});
const GroupSchema = z.discriminatedUnion('status', [z.object({ status: z.literal('ok'), figures: FiguresSchema }), z.object({ status: z.literal('not_enough_history'), reason: z.string() })]);

const CallsSchema = z.object({ made: z.number(), minimum: z.number() });

export const BacktestViewSchema = z.object({
  asOf: z.string(),
  accounts: z.number(),
  range: z.object({ months: z.number(), stepDays: z.number(), horizonDays: z.number() }),
  dates: z.array(z.string()),
  history: z.object({ source: z.string(), since: z.string() }),
  fieldHistory: z.object({ tracked: z.array(z.string()), fromSnapshots: z.array(z.string()) }),
  observations: z.number(),
  insufficientData: z.number(),
  report: z.object({ overall: PartSchema, byTier: z.record(z.string(), PartSchema) }),
  suggested: z.object({
    fit: z.object({ method: z.string(), step: z.number(), weights: WeightsSchema, auc: rate, observations: z.number() }),
    /** Absent in reports made before it was kept. */
    current: WeightsSchema.optional(),
    fitDates: z.array(z.string()),
    heldOutDates: z.array(z.string()),
    heldOut: z.object({ observations: z.number(), current: PartSchema, suggested: PartSchema }),
  }),
  retention: z.object({
    window: z.object({ from: z.number(), to: z.number(), days: z.number() }),
    source: z.string(),
    historySince: z.number(),
    overall: GroupSchema,
    byTier: z.record(z.string(), GroupSchema),
    byBand: z.record(z.string(), GroupSchema),
  }),
  headline: z.string(),
  apiCalls: z.record(z.string(), z.number()),
  fieldHistoryCalls: CallsSchema.nullable(),
  /** Absent in reports made before it was counted. */
  historyCalls: CallsSchema.nullish(),
  problems: z.array(z.string()),
});
export type BacktestView = z.output<typeof BacktestViewSchema>;
export type ReportPartView = BacktestView['report']['overall'];
export type RetentionView = BacktestView['retention'];
export type Weights = z.output<typeof WeightsSchema>;

export function readReport(report: unknown): { ok: true; view: BacktestView } | { ok: false; problems: string[] } {
  const parsed = BacktestViewSchema.safeParse(report);
  return parsed.success ? { ok: true, view: parsed.data } : { ok: false, problems: describeIssues(parsed.error).slice(0, 5) };
}

const SOURCES: Record<string, string> = {
  hubspot_property_history: 'HubSpot property history',
  salesforce_field_history: 'Salesforce field history (AccountHistory)',
  crm_pulse_snapshots: 'crm-pulse’s daily snapshots',
  current_values: 'current values only',
};

/** A history source as an admin reads it, with its code. */
export const sourceName = (source: string) => SOURCES[source] ?? source;

/** How far back a history reaches: a CRM's history is complete since each record was made (since 0). */
export function reach(since: number): string {
  return since <= 0 ? 'since each record was created' : `since ${new Date(since).toISOString().slice(0, 10)}`;
}

export const pct = (x: number | null | undefined, digits = 1) => (x == null ? '–' : `${(x * 100).toFixed(digits)} %`);
export const times = (x: number | null | undefined) => (x == null ? '–' : `${x.toFixed(1)}×`);
export const ratio2 = (x: number | null | undefined) => (x == null ? '–' : x.toFixed(2));
