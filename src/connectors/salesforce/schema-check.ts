// Whether the org holds what crm-pulse writes to: the Pulse_* Account fields and the Activity
// fields of Task, of a type that holds what crm-pulse writes and editable by the crm-pulse user,
// and (for `salesforce check` only) the Crm_Pulse permission set. Salesforce fields are metadata an
// admin deploys (manifests/salesforce), so this only reads and reports, naming exactly what is
// missing and the commands that fix it. It is both `crm-pulse salesforce check` and ensureSchema,
// which stops the connection until the fields pass; nothing it needs in a run is a setup object,
// so a least-privilege integration user (Minimum Access - API Only Integrations + Crm_Pulse) runs.
import { ConnectionError, PulseError, tierNames, type Policy } from '../../model/index.ts';
import type { SalesforceApi } from './api.ts';
import { fieldFit, typeLabel } from './field-types.ts';
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
  /** Another type than crm-pulse deploys that cannot hold what it writes, and the change that fixes it. */
  wrongType: { field: string; expected: string; found: string; fix: string }[];
  /** Another type than crm-pulse deploys that holds every value it writes (field-types.ts). */
  compatible: { field: string; found: string; note: string }[];
}

/**
 * Whether Crm_Pulse is in the org: null when it could not be checked. PermissionSet is a setup
 * object, which a least-privilege integration user cannot query (View Setup and Configuration), so
 * only `salesforce check` tries, and a refusal is reported, never a stop: the describes already
 * show whether the user can read and edit every Pulse field, which is what the set grants.
 */
export interface PermissionSetCheck {
  name: string;
  deployed: boolean | null;
  /** Why it was not checked: 'no setup access', or 'not checked in a run'. */
  unchecked: string | null;
}

export interface SchemaReport {
  ok: boolean;
  account: FieldCheck;
  activity: FieldCheck;
  permissionSet: PermissionSetCheck;
  /** Policy tiers that are not values of Pulse_Tier__c. */
  tierOptionsMissing: string[];
  /** What new tasks get; null when the org's Task picklists give nothing usable. */
  taskDefaults: TaskDefaults | null;
  /** What to do, in order; empty when nothing is needed. */
  fixes: string[];
}

function checkFields(object: FieldCheck['object'], specs: readonly PulseField[], describe: Describe): FieldCheck {
  const byName = new Map(describe.fields.map((f) => [f.name, f]));
  const check: FieldCheck = { object, expected: specs.map((s) => s.name), missing: [], readOnly: [], wrongType: [], compatible: [] };
  for (const spec of specs) {
    const found = byName.get(spec.name);
    if (!found) {
      check.missing.push(spec.name);
      continue;
    }
    const fit = fieldFit(spec, found, object);
    if (!fit.fits) check.wrongType.push({ field: spec.name, expected: spec.describeType, found: fit.found, fix: fit.fix });
    else if (found.updateable === false || found.createable === false) check.readOnly.push(spec.name);
    else if (fit.note) check.compatible.push({ field: spec.name, found: typeLabel(found), note: fit.note });
  }
  return check;
}

export interface Describes {
  account: Describe;
  /** Task's describe also lists the Activity custom fields. */
  task: Describe;
}

/** Codes of a refused PermissionSet query: the user has no setup access (or the object is hidden). */
const NO_SETUP_ACCESS = new Set(['SALESFORCE_SCHEMA', 'SALESFORCE_FORBIDDEN', 'SALESFORCE_REJECTED']);

async function checkPermissionSet(api: SalesforceApi): Promise<PermissionSetCheck> {
  let deployed = false;
  try {
    // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_permissionset.htm
    for await (const page of queryPages(api, `SELECT Id FROM PermissionSet WHERE Name = ${quote(PERMISSION_SET)}`)) deployed ||= page.records.length > 0;
  } catch (error) {
    if (error instanceof PulseError && NO_SETUP_ACCESS.has(error.code)) return { name: PERMISSION_SET, deployed: null, unchecked: 'no setup access' };
    throw error;
  }
  return { name: PERMISSION_SET, deployed, unchecked: null };
}

export interface CheckOptions {
  /** Look Crm_Pulse up among the org's permission sets (a setup object). `salesforce check` does; a run does not. */
  permissionSet: boolean;
}

export async function checkSchema(api: SalesforceApi, describes: Describes, policy: Policy | null, o: CheckOptions): Promise<SchemaReport> {
  const account = checkFields('Account', Object.values(ACCOUNT_FIELDS), describes.account);
  const activity = checkFields('Activity', ACTIVITY_FIELDS, describes.task);
  const permissionSet = o.permissionSet ? await checkPermissionSet(api) : { name: PERMISSION_SET, deployed: null, unchecked: 'not checked in a run' };

  const tier = describes.account.fields.find((f) => f.name === ACCOUNT_FIELDS.tier.name);
  const tierValues = new Set((tier?.picklistValues ?? []).map((v) => v.value));
  const tierOptionsMissing = tier?.type === 'picklist' && policy ? tierNames(policy).filter((t) => !tierValues.has(t)) : [];
  let defaults: TaskDefaults | null = null;
  try {
    defaults = taskDefaults(describes.task);
  } catch {
    defaults = null;
  }

  const fixes: string[] = [];
  const checks = [account, activity];
  const absent = checks.some((c) => c.missing.length > 0);
  for (const w of checks.flatMap((c) => c.wrongType)) fixes.push(w.fix);
  if (absent || permissionSet.deployed === false) fixes.push(`Deploy the crm-pulse fields and permission set: ${DEPLOY}`);
  if (absent || checks.some((c) => c.readOnly.length > 0)) fixes.push(`Give the crm-pulse user read and edit on them: ${ASSIGN} (add --on-behalf-of <username> when crm-pulse connects as another user than yours)`);
  if (tierOptionsMissing.length > 0) {
    const restricted = tier?.restrictedPicklist === true;
    fixes.push(
      `Add the tier${tierOptionsMissing.length > 1 ? 's' : ''} ${tierOptionsMissing.map((t) => `"${t}"`).join(', ')} to the Pulse Tier picklist (Setup > Object Manager > Account > Fields & Relationships > Pulse Tier)${restricted ? '; the picklist is restricted, so these tiers cannot be written until then' : ' so reports group them (they save without it)'}`,
    );
  }
  if (!defaults) fixes.push('Give the Task Status and Priority picklists an active default value (Setup > Object Manager > Task > Fields & Relationships)');

  const blocked = checks.some((c) => c.missing.length + c.readOnly.length + c.wrongType.length > 0) || !defaults || (tier?.restrictedPicklist === true && tierOptionsMissing.length > 0);
  return { ok: !blocked, account, activity, permissionSet, tierOptionsMissing, taskDefaults: defaults, fixes };
}

function fieldLine(c: FieldCheck): string {
  const present = c.expected.length - c.missing.length;
  const parts = [`${present} of ${c.expected.length} present`];
  if (c.missing.length) parts.push(`missing: ${c.missing.join(', ')}`);
  if (c.readOnly.length) parts.push(`read-only for the crm-pulse user: ${c.readOnly.join(', ')}`);
  if (c.wrongType.length) parts.push(`wrong type: ${c.wrongType.map((w) => `${w.field} (${w.found})`).join(', ')}`);
  if (c.compatible.length) parts.push(`another type that fits: ${c.compatible.map((w) => `${w.field} (${w.found})`).join(', ')}`);
  return `  ${c.object} fields: ${parts.join('; ')}`;
}

function permissionSetLine(p: PermissionSetCheck): string {
  if (p.deployed === null) return `  permission set: ${p.unchecked === 'no setup access' ? 'could not check (no setup access)' : p.unchecked}`;
  return `  permission set: ${p.name} ${p.deployed ? 'deployed' : 'not deployed'}`;
}

/** What the report rests on and what it could not see, for an admin who reads "ready". */
function notes(r: SchemaReport): string[] {
  const out = [...r.account.compatible, ...r.activity.compatible].map((c) => c.note);
  if (r.permissionSet.unchecked === 'no setup access') {
    out.push(
      `${r.permissionSet.name} could not be looked up: the crm-pulse user cannot read setup objects (PermissionSet needs View Setup and Configuration, which a least-privilege integration user does not have). Runs do not need it: the field checks above come from describe calls made as that user, so they show what it can read and edit whichever permission set grants it.`,
    );
  }
  return out;
}

/** The report as an admin reads it (`crm-pulse salesforce check`, and the ensureSchema stop). */
export function formatSchemaReport(r: SchemaReport): string {
  const lines = [
    r.ok ? 'The org is ready for crm-pulse.' : 'The org is not ready for crm-pulse:',
    fieldLine(r.account),
    fieldLine(r.activity),
    permissionSetLine(r.permissionSet),
    `  New tasks: ${r.taskDefaults ? `status "${r.taskDefaults.status}", priority "${r.taskDefaults.priority}"` : 'no usable Status / Priority default'}`,
  ];
  const said = notes(r);
  if (said.length) lines.push('Notes:', ...said.map((n) => `  - ${n}`));
  if (r.fixes.length) lines.push('To fix:', ...r.fixes.map((f, i) => `  ${i + 1}. ${f}`));
  return lines.join('\n');
}

/** ensureSchema: nothing is created from here; a report that does not pass stops the connection. */
export function assertReady(r: SchemaReport): void {
  if (!r.ok) throw new ConnectionError('SALESFORCE_SCHEMA_MISSING', formatSchemaReport(r));
}
