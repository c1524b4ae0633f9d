// The HubSpot properties crm-pulse owns: the company properties of DOMAIN.md section 8 and the
// two task properties that carry a task's kind and dedupe key, all in the `crm_pulse` group.
import { TASK_KINDS, tierNames, type Policy, CHURN_SIGNALS, HANDOFF_STATUSES, HEALTH_BANDS, LIFECYCLE_STAGES, RENEWAL_STAGES, type WriteField } from '../../model/index.ts';

export const PULSE_GROUP = 'crm_pulse';

/** Canonical write-back field -> company property. */
export const COMPANY_PROPERTY: Record<WriteField, string> = {
  tier: 'crm_pulse_tier',
  healthScore: 'crm_pulse_health_score',
  healthBand: 'crm_pulse_health_band',
  healthTrend: 'crm_pulse_health_trend',
  healthReasons: 'crm_pulse_health_reasons',
  churnSignals: 'crm_pulse_churn_signals',
  renewalStage: 'crm_pulse_renewal_stage',
  lifecycleStage: 'crm_pulse_lifecycle_stage',
  segment: 'crm_pulse_segment',
  handoffStatus: 'crm_pulse_handoff_status',
  expansionCandidate: 'crm_pulse_expansion_candidate',
  scoredAt: 'crm_pulse_scored_at',
};

/**
 * The run that last wrote a company, stamped with every company write: the next incremental
 * search leaves out a run's own writes by it (own-writes.ts). Not a value of DOMAIN.md section 8.
 */
export const WRITE_RUN_PROPERTY = 'crm_pulse_write_run';

export const TASK_KIND_PROPERTY = 'crm_pulse_task_kind';
export const TASK_KEY_PROPERTY = 'crm_pulse_task_key';

export interface PropertyDefinition {
  name: string;
  label: string;
  description: string;
  type: 'string' | 'number' | 'enumeration' | 'bool' | 'datetime';
  fieldType: 'text' | 'textarea' | 'number' | 'select' | 'checkbox' | 'booleancheckbox' | 'date';
  /** Option values of an enumeration (labels are derived). */
  options?: readonly string[];
}

const select = (name: string, label: string, description: string, options: readonly string[]): PropertyDefinition => ({
  name,
  label,
  description,
  type: 'enumeration',
  fieldType: 'select',
  options,
});

/** `at_risk` -> "At risk", `NO_LOGIN` -> "No login". */
export function optionLabel(value: string): string {
  const words = value.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function companyPropertyDefinitions(policy: Policy): PropertyDefinition[] {
  const p = COMPANY_PROPERTY;
  return [
    select(p.tier, 'Pulse tier', 'Service tier from the crm-pulse tier rules.', tierNames(policy)),
    { name: p.healthScore, label: 'Pulse health score', description: 'Health score 0..100 (higher is healthier); empty when data is insufficient.', type: 'number', fieldType: 'number' },
    select(p.healthBand, 'Pulse health band', 'healthy, watch, at risk, or insufficient data.', HEALTH_BANDS),
    { name: p.healthTrend, label: 'Pulse health trend', description: 'Health score now minus 30 days ago.', type: 'number', fieldType: 'number' },
    { name: p.healthReasons, label: 'Pulse health: why', description: 'The one-line explanation of the health score.', type: 'string', fieldType: 'text' },
    { ...select(p.churnSignals, 'Pulse churn signals', 'Churn warning signals that fired.', CHURN_SIGNALS), fieldType: 'checkbox' },
    select(p.renewalStage, 'Pulse renewal stage', 'Where the contract stands against its end date.', RENEWAL_STAGES),
    select(p.lifecycleStage, 'Pulse lifecycle stage', 'prospect, trial, customer or loyal.', LIFECYCLE_STAGES),
    { name: p.segment, label: 'Pulse segment', description: 'RFM segment label, e.g. "champion R5F4M5".', type: 'string', fieldType: 'text' },
    select(p.handoffStatus, 'Pulse handoff status', 'Sales-to-CSM handoff of the latest won deal.', HANDOFF_STATUSES),
    { name: p.expansionCandidate, label: 'Pulse expansion candidate', description: 'Healthy and using most core features.', type: 'bool', fieldType: 'booleancheckbox', options: ['true', 'false'] },
    { name: p.scoredAt, label: 'Pulse scored at', description: 'When crm-pulse values last changed.', type: 'datetime', fieldType: 'date' },
    { name: WRITE_RUN_PROPERTY, label: 'Pulse write run', description: 'The crm-pulse run that last wrote this company; do not edit.', type: 'string', fieldType: 'text' },
  ];
}

export const TASK_PROPERTY_DEFINITIONS: PropertyDefinition[] = [
  select(TASK_KIND_PROPERTY, 'Pulse task kind', 'Which crm-pulse playbook made the task.', TASK_KINDS),
  { name: TASK_KEY_PROPERTY, label: 'Pulse task key', description: 'crm-pulse dedupe key; do not edit.', type: 'string', fieldType: 'text' },
];
