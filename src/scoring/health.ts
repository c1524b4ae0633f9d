// Health score 0..100: four weighted measures, renormalised over those with data, banded, with
// the per-measure explanation a CSM reads (DOMAIN.md section 3).
import type { Account, Band } from '../model/index.ts';
import { type ActivitySummary, ticketsRising } from './activity-summary.ts';
import type { CompiledPolicy } from './compile.ts';
import { roundHalfUp } from './round.ts';

export type MeasureName = 'usage' | 'engagement' | 'tickets' | 'nps';

export interface Measure {
  name: MeasureName;
  /** The input as read: usage share 0..1, minutes, open tickets, NPS; null when missing. */
  raw: number | null;
  subScore: number | null;
  weight: number;
  /** `weight * subScore / 100`, before renormalisation. */
  points: number | null;
  /** Extra facts the one-line why shows (target minutes, high-priority count, rising windows). */
  detail: Record<string, number | boolean | string>;
}

export interface HealthResult {
  score: number | null;
  band: Band;
  measures: Measure[];
  missing: MeasureName[];
  weightPresent: number;
  weightTotal: number;
  /** Score now minus the compared snapshot's; null without one (set by the engine). */
  trend: number | null;
  /** The snapshot the trend and drops compare with. */
  comparedWith: { date: string; score: number | null } | null;
}

function clamp(x: number): number {
  return x < 0 ? 0 : x > 100 ? 100 : x;
}

// Shown values carry two decimals; the score itself is computed from the exact sub-scores.
function r2(x: number): number {
  return Math.round(x * 100) / 100;
}

function measure(name: MeasureName, raw: number | null, subScore: number | null, weight: number, detail: Measure['detail'] = {}): Measure {
  return { name, raw, subScore: subScore === null ? null : r2(subScore), weight, points: subScore === null ? null : r2((weight * subScore) / 100), detail };
}

export function bandOf(score: number, compiled: CompiledPolicy): Exclude<Band, 'insufficient_data'> {
  const { healthy, watch } = compiled.policy.health.bands;
  return score >= healthy ? 'healthy' : score >= watch ? 'watch' : 'at_risk';
}

export function scoreHealth(account: Account, tier: string, s: ActivitySummary, compiled: CompiledPolicy): HealthResult {
  const { health } = compiled.policy;
  const w = health.weights;
  const t = health.tickets;

  const usage = account.featureUsage ?? null;
  const target = compiled.engagementTarget(tier);
  const rising = ticketsRising(s, compiled);
  const ticketScore = clamp(100 - t.openHighPenalty * s.openHigh - t.openOtherPenalty * s.openOther - (rising ? t.risingPenalty : 0));
  const nps = account.nps ?? null;
  const response = health.nps.scale === 'response';

  const exact: [number | null, number, number, number | null] = [
    usage === null ? null : usage * 100,
    Math.min(100, (100 * s.engagementMinutes) / target),
    ticketScore,
    nps === null ? null : response ? clamp(10 * nps) : (nps + 100) / 2,
  ];
  const measures: Measure[] = [
    measure('usage', usage, exact[0], w.usage),
    measure('engagement', s.engagementMinutes, exact[1], w.engagement, { target }),
    measure('tickets', s.openHigh + s.openOther, ticketScore, w.tickets, {
      openHigh: s.openHigh,
      rising,
      recent: s.ticketsRecent,
      previous: s.ticketsPrevious,
    }),
    measure('nps', nps, exact[3], w.nps, { scale: health.nps.scale }),
  ];

  // The score comes from the exact sub-scores; the measures show them to two decimals.
  let points = 0;
  let weightPresent = 0;
  const missing: MeasureName[] = [];
  for (let i = 0; i < 4; i++) {
    const m = measures[i]!;
    const sub = exact[i as 0 | 1 | 2 | 3];
    if (sub === null) missing.push(m.name);
    else {
      points += (m.weight * sub) / 100;
      weightPresent += m.weight;
    }
  }
  const weightTotal = compiled.weightTotal;
  const exactScore = (100 * points) / weightPresent;
  // "At most half" of the weight present is not enough to call a band (DOMAIN.md section 9). A
  // validated policy keeps every sum finite; a policy built past validation that overflows them
  // gets no score rather than a non-finite one.
  if (weightPresent === 0 || weightPresent <= health.minWeightShare * weightTotal || !Number.isFinite(exactScore)) {
    return { score: null, band: 'insufficient_data', measures, missing, weightPresent, weightTotal, trend: null, comparedWith: null };
  }
  const score = roundHalfUp(exactScore);
  return { score, band: bandOf(score, compiled), measures, missing, weightPresent, weightTotal, trend: null, comparedWith: null };
}
