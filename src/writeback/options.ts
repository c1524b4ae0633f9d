// Option values of the enumeration / picklist write-back fields (DOMAIN.md section 8), shared by
// both connectors' schema setup. Each list is checked against the scoring engine's type, so a new
// band or signal that is missing here fails to compile instead of failing to write.
import type { Band, HandoffStatus, LifecycleStage, RenewalStage, SignalCode } from '../scoring/index.ts';

/** Accepts a list only when it holds every member of the union T. */
const every =
  <T extends string>() =>
  <const A extends readonly T[]>(values: A & ([T] extends [A[number]] ? unknown : never)): readonly T[] =>
    values;

export const HEALTH_BANDS = every<Band>()(['healthy', 'watch', 'at_risk', 'insufficient_data']);
export const CHURN_SIGNALS = every<SignalCode>()(['NO_LOGIN', 'TICKETS_RISING', 'NPS_DROP', 'HEALTH_DROP']);
export const RENEWAL_STAGES = every<RenewalStage>()(['none', 'upcoming', 'due', 'overdue', 'unknown']);
export const LIFECYCLE_STAGES = every<LifecycleStage>()(['prospect', 'trial', 'customer', 'loyal']);
export const HANDOFF_STATUSES = every<HandoffStatus>()(['pending', 'submitted', 'validated', 'overdue']);
