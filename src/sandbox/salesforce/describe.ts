// sObject Describe of the sandbox org: an object's fields with their types, whether they can be
// written, lengths, and picklist values with the org's defaults (crm-pulse reads Task Status and
// Priority defaults from it). https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
import type { SandboxAnswer } from '../model.ts';
import { sfError } from './errors.ts';
import type { SfField } from './schema.ts';

export function describeObject(schema: Map<string, Map<string, SfField>>, object: string): SandboxAnswer {
  const fields = schema.get(object);
  if (!fields) return sfError(404, 'NOT_FOUND', `The requested resource does not exist: sObject type '${object}' is not supported`);
  return {
    status: 200,
    body: {
      name: object,
      label: object,
      queryable: true,
      updateable: true,
      fields: [...fields.values()].map((f) => ({
        name: f.name,
        label: f.name.replace(/__c$/, '').replace(/_/g, ' '),
        type: f.type,
        updateable: !f.system,
        createable: !f.system,
        length: f.length ?? 0,
        // SOQL cannot filter on a Text Area, Long Text Area or Rich Text Area.
        filterable: f.type !== 'textarea',
        ...(f.precision !== undefined ? { precision: f.precision, scale: f.scale ?? 0 } : {}),
        ...(f.type === 'int' ? { digits: 9 } : {}),
        ...(f.type === 'textarea' ? { extraTypeInfo: f.extraTypeInfo ?? 'plaintextarea' } : {}),
        ...(f.values ? { picklistValues: f.values.map((value) => ({ value, label: value, active: true, defaultValue: value === f.defaultValue })), restrictedPicklist: f.restricted ?? false } : {}),
      })),
    },
  };
}
