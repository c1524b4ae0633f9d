// One record of an sObject Collections call, saved or refused alone (allOrNone false): an update
// needs a live record, every field must exist on the object and take the value, and a save stamps
// SystemModstamp. A created Task or Event rolls up to its Account through WhatId (directly, or
// through the Opportunity it names), as Salesforce sets AccountId.
import type { CollectionRecord } from './requests.ts';
import { sfTime } from './seed.ts';
import { valueProblem } from './schema.ts';
import type { Row, Value } from './soql.ts';
import type { OrgState } from './state.ts';

export interface SaveResult {
  id: string | null;
  success: boolean;
  errors: { statusCode: string; message: string; fields: string[] }[];
}

const PREFIX: Record<string, string> = { Task: '00T', Event: '00U', Case: '500', Opportunity: '006', Account: '001' };

const refused = (id: string | null, statusCode: string, message: string, fields: string[] = []): SaveResult => ({ id, success: false, errors: [{ statusCode, message, fields }] });

export function saveRecord(state: OrgState, kind: 'create' | 'update', record: CollectionRecord, at: number): SaveResult {
  const { attributes, id, ...values } = record;
  const object = attributes.type;
  const fields = state.schema.get(object);
  if (!fields || !state.tables.has(object)) return refused(id ?? null, 'INVALID_TYPE', `sObject type '${object}' is not supported`);
  for (const [name, value] of Object.entries(values)) {
    const field = fields.get(name);
    if (!field) return refused(id ?? null, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${object}`, [name]);
    const problem = valueProblem(field, value);
    if (problem) return refused(id ?? null, problem.code, problem.message, [name]);
  }
  const stamp = sfTime(at);
  if (kind === 'update') {
    const row = id ? state.lookup(object, 'Id', new Set([id]))[0] : undefined;
    if (!row || row.IsDeleted) return refused(id ?? null, 'ENTITY_IS_DELETED', 'entity is deleted');
    Object.assign(row, values, { SystemModstamp: stamp });
    state.changed(object, Object.keys(values));
    return { id: id!, success: true, errors: [] };
  }
  if (id) return refused(id, 'INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call', ['Id']);
  const row: Row = { ...(values as Record<string, Value>), Id: state.newId(PREFIX[object] ?? '0SB'), IsDeleted: false, CreatedDate: stamp, SystemModstamp: stamp };
  if (object === 'Task' || object === 'Event') {
    const what = String(values.WhatId ?? '');
    row.AccountId = what.startsWith('001') ? what : (state.byId(what)?.AccountId ?? null);
    if (object === 'Task') {
      row.Status ??= fields.get('Status')?.defaultValue ?? null;
      row.IsClosed = row.Status === 'Completed';
    }
  }
  state.insert(object, row);
  return { id: row.Id as string, success: true, errors: [] };
}
