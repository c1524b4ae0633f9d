// The SFDX project in manifests/salesforce stays in step with the connector: one
// .field-meta.xml per Pulse_* Account field and Activity task field the code writes, with the
// types, lengths and picklist values it writes (the write-back option lists of
// src/model/write-back.ts), every field granted read and edit by the Crm_Pulse permission set
// and read only by Crm_Pulse_Viewer (CSMs), all listed in package.xml, the pinned API version,
// External Client App metadata with the connector's scopes and callback path but no consumer key
// or secret, and the CSM-facing parts (the Account page component, list views, report) built on
// fields and values that exist, with the example mapping's admin fields as their defaults.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCOPES } from '../../../src/connectors/salesforce/oauth.ts';
import { ACCOUNT_FIELDS, ACTIVITY_FIELDS, PERMISSION_SET, type PulseField } from '../../../src/connectors/salesforce/pulse-fields.ts';
import { API_VERSION } from '../../../src/connectors/salesforce/transport.ts';
import { TASK_KINDS } from '../../../src/model/state.ts';
import { CHURN_SIGNALS, HANDOFF_STATUSES, HEALTH_BANDS, LIFECYCLE_STAGES, RENEWAL_STAGES } from '../../../src/model/write-back.ts';
import exampleMapping from '../../../examples/mapping.salesforce.json' with { type: 'json' };

const root = new URL('../../../manifests/salesforce/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const DEFAULT = 'force-app/main/default/';
/** Text of every `<tag>` element, in order. */
const all = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]!);
const one = (xml: string, tag: string) => all(xml, tag)[0];
const VIEWER_PERMISSION_SET = 'Crm_Pulse_Viewer';
const PULSE_FIELD_GRANTS = [...Object.values(ACCOUNT_FIELDS).map((f) => `Account.${f.name}`), ...ACTIVITY_FIELDS.flatMap((f) => [`Event.${f.name}`, `Task.${f.name}`])];
/** `field -> [editable, readable]` of a permission set's field permissions. */
function fieldGrants(xml: string): Record<string, [string, string]> {
  const grants = [...xml.matchAll(/<fieldPermissions>([\s\S]*?)<\/fieldPermissions>/g)].map((m) => m[1]!);
  return Object.fromEntries(grants.map((g) => [one(g, 'field')!, [one(g, 'editable')!, one(g, 'readable')!]]));
}
const packageMembers = (type: string) => {
  const pkg = read('manifest/package.xml');
  return all(new RegExp(`<types>((?:(?!</types>)[\\s\\S])*<name>${type}</name>)\\s*</types>`).exec(pkg)?.[1] ?? '', 'members');
};
const fieldOf = (name: string) => Object.values(ACCOUNT_FIELDS).find((f) => f.name === name);

function checkField(object: string, spec: PulseField): void {
  const xml = read(`${DEFAULT}objects/${object}/fields/${spec.name}.field-meta.xml`);
  expect(one(xml, 'fullName'), spec.name).toBe(spec.name);
  expect(one(xml, 'type'), spec.name).toBe(spec.metadataType);
  expect(one(xml, 'label'), spec.name).toBe(spec.label);
  expect(one(xml, 'length'), spec.name).toBe(spec.length?.toString());
  expect(one(xml, 'precision'), spec.name).toBe(spec.precision?.toString());
  expect(one(xml, 'scale'), spec.name).toBe(spec.scale?.toString());
  // Picklist values: the value fullNames after the field's own fullName.
  expect(all(xml, 'fullName').slice(1), spec.name).toEqual(spec.values ?? []);
  expect(one(xml, 'restricted'), spec.name).toBe(spec.values ? String(spec.restricted ?? false) : undefined);
  expect(one(xml, 'externalId'), spec.name).toBe('false');
}

describe('manifests/salesforce', () => {
  it('is an SFDX project on the connector API version', () => {
    const project = JSON.parse(read('sfdx-project.json')) as { packageDirectories: { path: string }[]; sourceApiVersion: string };
    expect(project.sourceApiVersion).toBe(API_VERSION);
    expect(project.packageDirectories.map((p) => p.path)).toEqual(['force-app']);
    expect(one(read('manifest/package.xml'), 'version')).toBe(API_VERSION);
  });

  it('defines exactly the Account fields the write-back writes, with their types and values', () => {
    const specs = Object.values(ACCOUNT_FIELDS);
    expect(readdirSync(new URL(`${DEFAULT}objects/Account/fields/`, root)).sort()).toEqual(specs.map((s) => `${s.name}.field-meta.xml`).sort());
    for (const spec of specs) checkField('Account', spec);
    expect(ACCOUNT_FIELDS.healthBand.values).toEqual(HEALTH_BANDS);
    expect(ACCOUNT_FIELDS.churnSignals).toMatchObject({ metadataType: 'MultiselectPicklist', values: CHURN_SIGNALS });
    expect(ACCOUNT_FIELDS.renewalStage.values).toEqual(RENEWAL_STAGES);
    expect(ACCOUNT_FIELDS.lifecycleStage.values).toEqual(LIFECYCLE_STAGES);
    expect(ACCOUNT_FIELDS.handoffStatus.values).toEqual(HANDOFF_STATUSES);
    expect(ACCOUNT_FIELDS.healthReasons).toMatchObject({ metadataType: 'Text', length: 255 });
    expect(ACCOUNT_FIELDS.expansionCandidate.metadataType).toBe('Checkbox');
    expect(ACCOUNT_FIELDS.scoredAt.metadataType).toBe('DateTime');
  });

  it('defines the task kind and key on Activity (Task and Event share them)', () => {
    expect(readdirSync(new URL(`${DEFAULT}objects/Activity/fields/`, root)).sort()).toEqual(['Pulse_Task_Key__c.field-meta.xml', 'Pulse_Task_Kind__c.field-meta.xml']);
    for (const spec of ACTIVITY_FIELDS) checkField('Activity', spec);
    expect(ACTIVITY_FIELDS[0]).toMatchObject({ name: 'Pulse_Task_Kind__c', metadataType: 'Picklist', restricted: true, values: TASK_KINDS });
    expect(ACTIVITY_FIELDS[1]).toMatchObject({ name: 'Pulse_Task_Key__c', metadataType: 'Text', length: 255 });
  });

  it('grants read and edit on every field through the Crm_Pulse permission set, and lists it all in package.xml', () => {
    const grants = fieldGrants(read(`${DEFAULT}permissionsets/${PERMISSION_SET}.permissionset-meta.xml`));
    expect(Object.keys(grants).sort()).toEqual([...PULSE_FIELD_GRANTS].sort());
    for (const [field, grant] of Object.entries(grants)) expect(grant, field).toEqual(['true', 'true']);

    expect(packageMembers('CustomField').sort()).toEqual([...Object.values(ACCOUNT_FIELDS).map((f) => `Account.${f.name}`), ...ACTIVITY_FIELDS.map((f) => `Activity.${f.name}`)].sort());
    expect(packageMembers('PermissionSet')).toEqual([PERMISSION_SET, VIEWER_PERMISSION_SET]);
    expect(packageMembers('ExternalClientApplication')).toEqual(['Crm_Pulse']);
    expect(packageMembers('ExtlClntAppGlobalOauthSettings')).toEqual(['Crm_Pulse_glbloauth']);
    expect(packageMembers('ExtlClntAppOauthSettings')).toEqual(['Crm_Pulse_oauth']);
    expect(packageMembers('LightningComponentBundle')).toEqual(['pulseAccount']);
    expect(packageMembers('ListView')).toEqual(['Account.Pulse_At_Risk', 'Account.Pulse_Renewals_In_90_Days']);
    expect(packageMembers('Report')).toEqual(['Crm_Pulse', 'Crm_Pulse/Pulse_Accounts_by_Tier_and_Band']);
  });

  it('grants CSMs read, and no edit, on every Pulse field through Crm_Pulse_Viewer, and nothing else', () => {
    const xml = read(`${DEFAULT}permissionsets/${VIEWER_PERMISSION_SET}.permissionset-meta.xml`);
    const grants = fieldGrants(xml);
    expect(Object.keys(grants).sort()).toEqual([...PULSE_FIELD_GRANTS].sort());
    for (const [field, grant] of Object.entries(grants)) expect(grant, field).toEqual(['false', 'true']);
    expect(xml).not.toMatch(/<objectPermissions>|<userPermissions>/);
  });

  it('builds the Account page component on the Pulse fields, for Account record pages, with the example mapping\'s contract end field', () => {
    const js = read(`${DEFAULT}lwc/pulseAccount/pulseAccount.js`);
    const meta = read(`${DEFAULT}lwc/pulseAccount/pulseAccount.js-meta.xml`);
    const imported = [...js.matchAll(/@salesforce\/schema\/Account\.(\w+)/g)].map((m) => m[1]!);
    const shown = Object.values(ACCOUNT_FIELDS).filter((f) => !['Pulse_Lifecycle_Stage__c', 'Pulse_Segment__c'].includes(f.name));
    expect(imported.sort()).toEqual(shown.map((f) => f.name).sort());
    expect(js).toMatch(/Pulse_Task_Key__c: \{ ne: null \}/);
    expect(one(meta, 'apiVersion')).toBe(API_VERSION);
    expect(one(meta, 'isExposed')).toBe('true');
    expect(all(meta, 'target')).toEqual(['lightning__RecordPage']);
    expect(all(meta, 'object')).toEqual(['Account']);
    const property = /<property name="contractEndField"[^>]*default="([^"]+)"/.exec(meta);
    expect(property?.[1]).toBe(exampleMapping.account.contractEnd.field);
    expect(js).toContain(`contractEndField = '${exampleMapping.account.contractEnd.field}'`);
  });

  it('filters the list views on Pulse values that exist, and shows Pulse fields that exist', () => {
    const views = { Pulse_At_Risk: ['Pulse: At risk', 'Pulse_Health_Band__c', ['at_risk']], Pulse_Renewals_In_90_Days: ['Pulse: Renewals in 90 days', 'Pulse_Renewal_Stage__c', ['upcoming', 'due']] } as const;
    for (const [name, [label, field, values]] of Object.entries(views)) {
      const xml = read(`${DEFAULT}objects/Account/listViews/${name}.listView-meta.xml`);
      expect(one(xml, 'fullName')).toBe(name);
      expect(one(xml, 'label')).toBe(label);
      expect(one(xml, 'field')).toBe(field);
      expect(one(xml, 'value')!.split(',')).toEqual(values);
      for (const value of values) expect(fieldOf(field)?.values).toContain(value);
      for (const column of all(xml, 'columns').filter((c) => c.startsWith('Pulse_'))) expect(fieldOf(column), column).toBeDefined();
    }
  });

  it('groups the report by Pulse tier and band, sums the example mapping\'s ARR field, and keeps to scored Accounts', () => {
    const xml = read(`${DEFAULT}reports/Crm_Pulse/Pulse_Accounts_by_Tier_and_Band.report-meta.xml`);
    expect(one(xml, 'reportType')).toBe('AccountList');
    expect([...xml.matchAll(/<groupingsDown>[\s\S]*?<field>([^<]+)<\/field>/g)].map((m) => m[1])).toEqual(['Account.Pulse_Tier__c', 'Account.Pulse_Health_Band__c']);
    const arr = `Account.${exampleMapping.account.arr.field}`;
    expect(xml).toContain(`<aggregateTypes>Sum</aggregateTypes>\n        <field>${arr}</field>`);
    expect(/<criteriaItems>[\s\S]*?<column>([^<]+)<\/column>[\s\S]*?<operator>([^<]+)<\/operator>/.exec(xml)?.slice(1)).toEqual(['Account.Pulse_Scored_At__c', 'notEqual']);
    for (const field of [...xml.matchAll(/Account\.(Pulse_\w+)/g)].map((m) => m[1]!)) expect(fieldOf(field), field).toBeDefined();
    expect(one(read(`${DEFAULT}reports/Crm_Pulse.reportFolder-meta.xml`), 'sharedTo')).toBe('AllInternalUsers');
  });

  it('ships the External Client App with the connector scopes and callback path, and no secret', () => {
    const header = read(`${DEFAULT}externalClientApps/Crm_Pulse.eca-meta.xml`);
    const global = read(`${DEFAULT}extlClntAppGlobalOauthSets/Crm_Pulse_glbloauth.ecaGlblOauth-meta.xml`);
    const settings = read(`${DEFAULT}extlClntAppOauthSettings/Crm_Pulse_oauth.ecaOauth-meta.xml`);
    expect(one(header, 'distributionState')).toBe('Local');
    expect(one(global, 'externalClientApplication')).toBe('Crm_Pulse');
    expect(one(settings, 'externalClientApplication')).toBe('Crm_Pulse');
    expect(new URL(one(global, 'callbackUrl')!).pathname).toBe('/oauth/salesforce/callback');
    // The metadata names of the OAuth scopes the connector asks for (oauth.ts).
    const metadataScope: Record<(typeof SCOPES)[number], string> = { api: 'Api', refresh_token: 'RefreshToken' };
    expect(one(settings, 'commaSeparatedOauthScopes')!.split(',').map((s) => s.trim())).toEqual(SCOPES.map((s) => metadataScope[s]));
    for (const xml of [header, global, settings]) {
      expect(xml).not.toMatch(/<consumerKey>|<consumerSecret>|<oauthLink>|<certificate>/);
    }
  });
});
