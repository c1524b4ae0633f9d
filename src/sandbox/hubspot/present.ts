// A record as HubSpot answers it (SimplePublicObject): the requested properties (unknown names
// are ignored, as HubSpot does) plus the ones it always returns, and the record's timestamps.
import type { Obj } from './state.ts';

const ALWAYS = ['hs_object_id', 'hs_createdate', 'hs_lastmodifieddate'];

export interface PresentedObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: false;
}

export function present(o: Obj, names: readonly string[]): PresentedObject {
  const properties: Record<string, string | null> = {};
  for (const n of [...ALWAYS, ...names]) if (n) properties[n] = o.properties[n] ?? null;
  const created = o.properties.hs_createdate ?? o.properties.createdate ?? new Date(0).toISOString();
  return { id: o.id, properties, createdAt: created, updatedAt: o.properties.hs_lastmodifieddate ?? created, archived: false };
}
