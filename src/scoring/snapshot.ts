// Picks the snapshot to compare with: the one `lookbackDays` before asOf, or the nearest earlier
// one within `toleranceDays`. Trend, HEALTH_DROP and NPS_DROP need it; without one they stay empty.
import { dayNumber, type Snapshot, type Policy } from '../model/index.ts';

export function comparisonSnapshot(snapshots: readonly Snapshot[], asOf: number, policy: Policy): Snapshot | null {
  const { lookbackDays, toleranceDays } = policy.snapshots;
  const target = dayNumber(asOf) - lookbackDays;
  let best: Snapshot | null = null;
  let bestDay = -Infinity;
  for (const s of snapshots) {
    const day = dayNumber(s.date);
    if (day <= target && day >= target - toleranceDays && day > bestDay) {
      best = s;
      bestDay = day;
    }
  }
  return best;
}
