// The Salesforce fields crm-pulse owns: the Account fields of DOMAIN.md section 8 and the two
// Activity fields (on Task and Event) that carry a task's kind and dedupe key. Admins deploy them
// with manifests/salesforce; a test keeps those files in step with this list.
import { TASK_KINDS, tierNames, resolvePolicy, CHURN_SIGNALS, HANDOFF_STATUSES, HEALTH_BANDS, LIFECYCLE_STAGES, RENEWAL_STAGES, type WriteField } from '../../model/index.ts';

/** A field as the Metadata API deploys it and as describe reports it back. */
export interface PulseField {
  name: string;
  label: string;
  description: string;
  /** CustomField `type` in the .field-meta.xml. */
  metadataType: 'Picklist' | 'MultiselectPicklist' | 'Number' | 'Text' | 'Checkbox' | 'DateTime';
  /** The type describe reports for it. */
  describeType: 'picklist' | 'multipicklist' | 'double' | 'string' | 'boolean' | 'datetime';
  /** Picklist values. */
  values?: readonly string[];
  /** Whether values outside the list are refused. */
  restricted?: boolean;
  /** Text length. */
  length?: number;
  /** Number precision (digits) and scale. */
  precision?: number;
  scale?: number;
  /** crm-pulse filters SOQL on it (the task key), so a type SOQL cannot filter on does not fit. */
  filtered?: boolean;
}

/**
 * The tier names of the built-in policies. The tier picklist is unrestricted: an admin's own tier
 * names (policy) still save, and can be added to the picklist so reports group them.
 */
export const SHIPPED_TIERS: readonly string[] = [...new Set([...tierNames(resolvePolicy({})), ...tierNames(resolvePolicy({ tiers: { preset: 'value_growth' } }))])];

const picklist = (name: string, label: string, description: string, values: readonly string[]): PulseField => ({
  name,
  label,
  description,
  metadataType: 'Picklist',
  describeType: 'picklist',
  values,
  restricted: true,
});

/** Canonical write-back field -> Account field. */
export const ACCOUNT_FIELDS: Record<WriteField, PulseField> = {
  tier: { ...picklist('Pulse_Tier__c', 'Pulse Tier', 'Service tier from the crm-pulse tier rules.', SHIPPED_TIERS), restricted: false },
  healthScore: { name: 'Pulse_Health_Score__c', label: 'Pulse Health Score', description: 'Health score 0..100 (higher is healthier); empty when data is insufficient.', metadataType: 'Number', describeType: 'double', precision: 3, scale: 0 },
  healthBand: picklist('Pulse_Health_Band__c', 'Pulse Health Band', 'healthy, watch, at risk, or insufficient data.', HEALTH_BANDS),
  healthTrend: { name: 'Pulse_Health_Trend__c', label: 'Pulse Health Trend', description: 'Health score now minus 30 days ago.', metadataType: 'Number', describeType: 'double', precision: 3, scale: 0 },
  healthReasons: { name: 'Pulse_Health_Reasons__c', label: 'Pulse Health Why', description: 'The one-line explanation of the health score.', metadataType: 'Text', describeType: 'string', length: 255 },
  churnSignals: { ...picklist('Pulse_Churn_Signals__c', 'Pulse Churn Signals', 'Churn warning signals that fired.', CHURN_SIGNALS), metadataType: 'MultiselectPicklist', describeType: 'multipicklist' },
  renewalStage: picklist('Pulse_Renewal_Stage__c', 'Pulse Renewal Stage', 'Where the contract stands against its end date.', RENEWAL_STAGES),
  lifecycleStage: picklist('Pulse_Lifecycle_Stage__c', 'Pulse Lifecycle Stage', 'prospect, trial, customer or loyal.', LIFECYCLE_STAGES),
  segment: { name: 'Pulse_Segment__c', label: 'Pulse Segment', description: 'RFM segment label, e.g. "champion R5F4M5".', metadataType: 'Text', describeType: 'string', length: 255 },
  handoffStatus: picklist('Pulse_Handoff_Status__c', 'Pulse Handoff Status', 'Sales-to-CSM handoff of the latest won opportunity.', HANDOFF_STATUSES),
  expansionCandidate: { name: 'Pulse_Expansion_Candidate__c', label: 'Pulse Expansion Candidate', description: 'Healthy and using most core features.', metadataType: 'Checkbox', describeType: 'boolean' },
  scoredAt: { name: 'Pulse_Scored_At__c', label: 'Pulse Scored At', description: 'When crm-pulse values last changed.', metadataType: 'DateTime', describeType: 'datetime' },
};

export const TASK_KIND_FIELD = 'Pulse_Task_Kind__c';
export const TASK_KEY_FIELD = 'Pulse_Task_Key__c';

/** Custom fields of Task and Event are defined on Activity. */
export const ACTIVITY_FIELDS: readonly PulseField[] = [
  picklist(TASK_KIND_FIELD, 'Pulse Task Kind', 'Which crm-pulse playbook made the task.', TASK_KINDS),
  { name: TASK_KEY_FIELD, label: 'Pulse Task Key', description: 'crm-pulse dedupe key; do not edit.', metadataType: 'Text', describeType: 'string', length: 255, filtered: true },
];

/** The permission set that grants the crm-pulse user read and edit on these fields. */
export const PERMISSION_SET = 'Crm_Pulse';
