// The SFDX project in manifests/salesforce stays in step with the connector: one
// .field-meta.xml per Pulse_* Account field and Activity task field the code writes, with the
// types, lengths and picklist values it writes (the write-back option lists of
// src/model/write-back.ts), every field granted read and edit by the Crm_Pulse permission set
// and listed in package.xml, the pinned API version, and External Client App metadata with the
// connector's scopes and callback path but no consumer key or secret.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCOPES } from '../../../src/connectors/salesforce/oauth.ts';
import { ACCOUNT_FIELDS, ACTIVITY_FIELDS, PERMISSION_SET, type PulseField } from '../../../src/connectors/salesforce/pulse-fields.ts';
import { API_VERSION } from '../../../src/connectors/salesforce/transport.ts';
import { TASK_KINDS } from '../../../src/model/state.ts';
import { CHURN_SIGNALS, HANDOFF_STATUSES, HEALTH_BANDS, LIFECYCLE_STAGES, RENEWAL_STAGES } from '../../../src/model/write-back.ts';

const root = new URL('../../../manifests/salesforce/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const DEFAULT = 'force-app/main/default/';
/** Text of every `<tag>` element, in order. */
const all = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]!);
const one = (xml: string, tag: string) => all(xml, tag)[0];

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
    const permissionSet = read(`${DEFAULT}permissionsets/${PERMISSION_SET}.permissionset-meta.xml`);
    const grants = [...permissionSet.matchAll(/<fieldPermissions>\s*<editable>true<\/editable>\s*<field>([^<]+)<\/field>\s*<readable>true<\/readable>\s*<\/fieldPermissions>/g)].map((m) => m[1]);
    const expected = [...Object.values(ACCOUNT_FIELDS).map((f) => `Account.${f.name}`), ...ACTIVITY_FIELDS.flatMap((f) => [`Event.${f.name}`, `Task.${f.name}`])];
    expect(grants.sort()).toEqual(expected.sort());

    const pkg = read('manifest/package.xml');
    const members = (type: string) => all(new RegExp(`<types>((?:(?!</types>)[\\s\\S])*<name>${type}</name>)\\s*</types>`).exec(pkg)?.[1] ?? '', 'members');
    expect(members('CustomField').sort()).toEqual([...Object.values(ACCOUNT_FIELDS).map((f) => `Account.${f.name}`), ...ACTIVITY_FIELDS.map((f) => `Activity.${f.name}`)].sort());
    expect(members('PermissionSet')).toEqual([PERMISSION_SET]);
    expect(members('ExternalClientApplication')).toEqual(['Crm_Pulse']);
    expect(members('ExtlClntAppGlobalOauthSettings')).toEqual(['Crm_Pulse_glbloauth']);
    expect(members('ExtlClntAppOauthSettings')).toEqual(['Crm_Pulse_oauth']);
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
