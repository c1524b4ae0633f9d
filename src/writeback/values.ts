// Our values for an account record (the fields of model/write-back.ts), built from a score (as
// the engine gives it, or as the store keeps it between the score and write passes), and the diff against what was last written: only changed values are sent, and `scoredAt` goes
// only together with a change, so a re-run over unchanged data writes nothing.
import { type WriteBackValues, WRITE_FIELDS } from '../model/index.ts';

/** The parts of a score our values come from: a ScoreResult and a StoredScore both have them. */
export interface ScoredValues {
  tier: string;
  health: { score: number | null; band: string; trend: number | null };
  why: string;
  signals: readonly { code: string }[];
  renewal: { stage: string };
  lifecycle: string;
  handoff: { status: string } | null;
  expansionCandidate: boolean;
}

/**
 * Our values for one account. `segment` is the account's RFM segment from the portfolio's
 * ranking, null when it has none; `scoredAt` is the instant the values are computed for.
 */
export function writeBackValues(result: ScoredValues, segment: string | null, scoredAt: string): WriteBackValues {
  return {
    tier: result.tier,
    healthScore: result.health.score,
    healthBand: result.health.band,
    healthTrend: result.health.trend,
    healthReasons: result.why,
    churnSignals: result.signals.map((s) => s.code).join(';') || null,
    renewalStage: result.renewal.stage,
    lifecycleStage: result.lifecycle,
    segment,
    handoffStatus: result.handoff?.status ?? null,
    expansionCandidate: result.expansionCandidate,
    scoredAt,
  };
}

/**
 * The values to send: those that differ from the last written ones, plus `scoredAt` when any
 * does; empty when nothing we own changed. Fields left out of `next` (e.g. segment on a streaming
 * run) are not compared.
 */
export function changedValues(last: Partial<WriteBackValues> | null | undefined, next: Partial<WriteBackValues>): Partial<WriteBackValues> {
  const out: Partial<WriteBackValues> = {};
  let changed = false;
  for (const field of WRITE_FIELDS) {
    if (field === 'scoredAt' || !(field in next)) continue;
    const value = next[field] ?? null;
    if (!last || (last[field] ?? null) !== value) {
      out[field] = value;
      changed = true;
    }
  }
  if (changed && next.scoredAt != null) out.scoredAt = next.scoredAt;
  return out;
}
