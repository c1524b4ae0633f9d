// The sandbox org's data: rows by sObject, an index by Id and lazily built indexes by field value
// (for `AccountId IN (...)` and `Pulse_Task_Key__c IN (...)` lookups at 100,000 Accounts), the
// org's schema, the records answered per object, and new record ids.
import { sfId } from './seed.ts';
import type { SfField } from './schema.ts';
import type { Row, Value } from './soql.ts';

export interface OrgState {
  tables: Map<string, Row[]>;
  schema: Map<string, Map<string, SfField>>;
  /** Records answered so far, by object (what the benchmarks count pages from). */
  returned: Map<string, number>;
  byId(id: string): Row | undefined;
  /** Rows of `object` whose `field` holds one of `values`. */
  lookup(object: string, field: string, values: ReadonlySet<Value>): Row[];
  /** Adds a created row to its table and the indexes. */
  insert(object: string, row: Row): void;
  /** Fields of a row changed: indexes over them are dropped. */
  changed(object: string, fields: readonly string[]): void;
  newId(prefix: string): string;
}

export function createOrgState(tables: Map<string, Row[]>, schema: Map<string, Map<string, SfField>>): OrgState {
  const ids = new Map<string, { object: string; row: Row }>();
  for (const [object, rows] of tables) for (const row of rows) ids.set(String(row.Id), { object, row });
  const indexes = new Map<string, Map<Value, Row[]>>();
  let next = 900_000_000;

  const index = (object: string, field: string): Map<Value, Row[]> => {
    const name = `${object}.${field}`;
    let idx = indexes.get(name);
    if (!idx) {
      idx = new Map();
      for (const r of tables.get(object) ?? []) {
        const v = r[field] ?? null;
        const list = idx.get(v);
        if (list) list.push(r);
        else idx.set(v, [r]);
      }
      indexes.set(name, idx);
    }
    return idx;
  };

  return {
    tables,
    schema,
    returned: new Map(),
    byId: (id) => ids.get(id)?.row,
    lookup(object, field, values) {
      if (field === 'Id') return [...values].flatMap((v) => ids.get(String(v))).flatMap((x) => (x && x.object === object ? [x.row] : []));
      const idx = index(object, field);
      return [...values].flatMap((v) => idx.get(v) ?? []);
    },
    insert(object, row) {
      tables.get(object)!.push(row);
      ids.set(String(row.Id), { object, row });
      for (const [name, idx] of indexes) {
        const [o, field] = name.split('.');
        if (o !== object) continue;
        const v = row[field!] ?? null;
        idx.set(v, [...(idx.get(v) ?? []), row]);
      }
    },
    changed(object, fields) {
      for (const field of fields) indexes.delete(`${object}.${field}`);
    },
    newId: (prefix) => sfId(prefix, next++),
  };
}
