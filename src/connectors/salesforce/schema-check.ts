// Whether the org holds what crm-pulse writes to: the Pulse_* Account fields and the Activity
// fields of Task, deployed with the right types and editable by the crm-pulse user, and the
// Crm_Pulse permission set. Salesforce fields are metadata an admin deploys (manifests/salesforce),
// so this only reads and reports, naming exactly what is missing and the commands that fix it. It
// is both `crm-pulse salesforce check` and ensureSchema, which stops the connection until it passes.
import { ConnectionError, tierNames, type Policy } from '../../model/index.ts';
import type { SalesforceApi } from './api.ts';
import { ACCOUNT_FIELDS, ACTIVITY_FIELDS, PERMISSION_SET, type PulseField } from './pulse-fields.ts';
import { queryPages } from './query.ts';
import type { Describe } from './schemas/describe.ts';
import { quote } from './soql.ts';
import { taskDefaults, type TaskDefaults } from './task-defaults.ts';

/** Run from the SFDX project's folder: `sf project deploy` looks for sfdx-project.json there. */
export const DEPLOY = 'cd manifests/salesforce && sf project deploy start --manifest manifest/package.xml --target-org <alias>';
export const ASSIGN = `sf org assign permset --name ${PERMISSION_SET} --target-org <alias>`;

export interface FieldCheck {
  /** Deployed object the fields live on. */
  object: 'Account' | 'Activity';
  expected: string[];
  /** Not in the describe: not deployed, or hidden from the crm-pulse user (field-level security). */
  missing: string[];
  /** Visible but not editable by the crm-pulse user. */
  readOnly: string[];
  wrongType: { field: string; expected: string; found: string }[];
}

export interface SchemaReport {
  ok: boolean;
  account: FieldCheck;
  activity: FieldCheck;
  permissionSet: { name: string; deployed: boolean };
  /** Policy tiers that are not values of Pulse_Tier__c. */
  tierOptionsMissing: string[];
  /** What new tasks get; null when the org's Task picklists give nothing usable. */
  taskDefaults: TaskDefaults | null;
  /** What to do, in order; empty when nothing is needed. */
  fixes: string[];
}

function checkFields(object: FieldCheck['object'], specs: readonly PulseField[], describe: Describe): FieldCheck {
  const byName = new Map(describe.fields.map((f) => [f.name, f]));
  const check: FieldCheck = { object, expected: specs.map((s) => s.name), missing: [], readOnly: [], wrongType: [] };
  for (const spec of specs) {
    const found = byName.get(spec.name);
    if (!found) check.missing.push(spec.name);
    else if (found.type !== spec.describeType) check.wrongType.push({ field: spec.name, expected: spec.describeType, found: found.type });
    else if (found.updateable === false || found.createable === false) check.readOnly.push(spec.name);
  }
  return check;
}

export interface Describes {
  account: Describe;
  /** Task's describe also lists the Activity custom fields. */
  task: Describe;
}

export async function checkSchema(api: SalesforceApi, describes: Describes, policy: Policy | null): Promise<SchemaReport> {
  const account = checkFields('Account', Object.values(ACCOUNT_FIELDS), describes.account);
  const activity = checkFields('Activity', ACTIVITY_FIELDS, describes.task);
  // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_permissionset.htm
  let deployed = false;
  for await (const page of queryPages(api, `SELECT Id FROM PermissionSet WHERE Name = ${quote(PERMISSION_SET)}`)) deployed ||= page.records.length > 0;

  const tier = describes.account.fields.find((f) => f.name === ACCOUNT_FIELDS.tier.name);
  const tierValues = new Set((tier?.picklistValues ?? []).map((v) => v.value));
  const tierOptionsMissing = tier && policy ? tierNames(policy).filter((t) => !tierValues.has(t)) : [];
  let defaults: TaskDefaults | null = null;
  try {
    defaults = taskDefaults(describes.task);
  } catch {
    defaults = null;
  }

  const fixes: string[] = [];
  const checks = [account, activity];
  const absent = checks.some((c) => c.missing.length > 0);
  if (checks.some((c) => c.wrongType.length > 0)) {
    for (const w of checks.flatMap((c) => c.wrongType)) fixes.push(`${w.field} exists as a ${w.found} field, crm-pulse writes a ${w.expected}: delete it (Setup > Object Manager > Fields & Relationships) and deploy again`);
  }
  if (absent || !deployed) fixes.push(`Deploy the crm-pulse fields and permission set: ${DEPLOY}`);
  if (absent || checks.some((c) => c.readOnly.length > 0)) fixes.push(`Give the crm-pulse user read and edit on them: ${ASSIGN} (add --on-behalf-of <username> when crm-pulse connects as another user than yours)`);
  if (tierOptionsMissing.length > 0) {
    const restricted = tier?.restrictedPicklist === true;
    fixes.push(
      `Add the tier${tierOptionsMissing.length > 1 ? 's' : ''} ${tierOptionsMissing.map((t) => `"${t}"`).join(', ')} to the Pulse Tier picklist (Setup > Object Manager > Account > Fields & Relationships > Pulse Tier)${restricted ? '; the picklist is restricted, so these tiers cannot be written until then' : ' so reports group them (they save without it)'}`,
    );
  }
  if (!defaults) fixes.push('Give the Task Status and Priority picklists an active default value (Setup > Object Manager > Task > Fields & Relationships)');

  const blocked = checks.some((c) => c.missing.length + c.readOnly.length + c.wrongType.length > 0) || !defaults || (tier?.restrictedPicklist === true && tierOptionsMissing.length > 0);
  return { ok: !blocked, account, activity, permissionSet: { name: PERMISSION_SET, deployed }, tierOptionsMissing, taskDefaults: defaults, fixes };
}

function fieldLine(c: FieldCheck): string {
  const present = c.expected.length - c.missing.length;
  const parts = [`${present} of ${c.expected.length} present`];
  if (c.missing.length) parts.push(`missing: ${c.missing.join(', ')}`);
  if (c.readOnly.length) parts.push(`read-only for the crm-pulse user: ${c.readOnly.join(', ')}`);
  if (c.wrongType.length) parts.push(`wrong type: ${c.wrongType.map((w) => `${w.field} (${w.found}, want ${w.expected})`).join(', ')}`);
  return `  ${c.object} fields: ${parts.join('; ')}`;
}

/** The report as an admin reads it (`crm-pulse salesforce check`, and the ensureSchema stop). */
export function formatSchemaReport(r: SchemaReport): string {
  const lines = [
    r.ok ? 'The org is ready for crm-pulse.' : 'The org is not ready for crm-pulse:',
    fieldLine(r.account),
    fieldLine(r.activity),
    `  Permission set ${r.permissionSet.name}: ${r.permissionSet.deployed ? 'deployed' : 'not deployed'}`,
    `  New tasks: ${r.taskDefaults ? `status "${r.taskDefaults.status}", priority "${r.taskDefaults.priority}"` : 'no usable Status / Priority default'}`,
  ];
  if (r.fixes.length) lines.push('To fix:', ...r.fixes.map((f, i) => `  ${i + 1}. ${f}`));
  return lines.join('\n');
}

/** ensureSchema: nothing is created from here; a report that does not pass stops the connection. */
export function assertReady(r: SchemaReport): void {
  if (!r.ok) throw new ConnectionError('SALESFORCE_SCHEMA_MISSING', formatSchemaReport(r));
}
