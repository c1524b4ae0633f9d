// The words crm-pulse writes back (DOMAIN.md section 8): the fields it owns on an account record
// and the option values of its enumeration / picklist fields. The scoring engine's result types
// are built from these lists, so a band or signal cannot exist without an option to write it as;
// both connectors' schema setup and the store read them from here.

export const HEALTH_BANDS = ['healthy', 'watch', 'at_risk', 'insufficient_data'] as const;
export type Band = (typeof HEALTH_BANDS)[number];

export const CHURN_SIGNALS = ['NO_LOGIN', 'TICKETS_RISING', 'NPS_DROP', 'HEALTH_DROP'] as const;
export type SignalCode = (typeof CHURN_SIGNALS)[number];

export const RENEWAL_STAGES = ['none', 'upcoming', 'due', 'overdue', 'unknown'] as const;
export type RenewalStage = (typeof RENEWAL_STAGES)[number];

export const LIFECYCLE_STAGES = ['prospect', 'trial', 'customer', 'loyal'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export const HANDOFF_STATUSES = ['pending', 'submitted', 'validated', 'overdue'] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

export const WRITE_FIELDS = [
  'tier',
  'healthScore',
  'healthBand',
  'healthTrend',
  'healthReasons',
  'churnSignals',
  'renewalStage',
  'lifecycleStage',
  'segment',
  'handoffStatus',
  'expansionCandidate',
  'scoredAt',
] as const;
export type WriteField = (typeof WRITE_FIELDS)[number];
export type WriteValue = string | number | boolean | null;
export type WriteBackValues = Record<WriteField, WriteValue>;
