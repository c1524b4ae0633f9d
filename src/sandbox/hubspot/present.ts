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

/**
 * A property's history as HubSpot returns it (`propertiesWithHistory`): newest first, each value
 * with its timestamp; a property set without recorded history has its current value only.
 */
export function presentHistory(o: Obj, names: readonly string[]): Record<string, { value: string; timestamp: string; sourceType: string }[]> {
  const out: Record<string, { value: string; timestamp: string; sourceType: string }[]> = {};
  const stamp = o.properties.hs_lastmodifieddate ?? o.properties.hs_createdate ?? new Date(0).toISOString();
  for (const n of names) {
    const versions = o.history?.[n] ?? (o.properties[n] != null ? [{ value: o.properties[n], timestamp: stamp }] : []);
    out[n] = versions
      .slice()
      .reverse()
      .map((v) => ({ value: v.value ?? '', timestamp: v.timestamp, sourceType: 'CRM_UI' }));
  }
  return out;
}

export function present(o: Obj, names: readonly string[]): PresentedObject {
  const properties: Record<string, string | null> = {};
  for (const n of [...ALWAYS, ...names]) if (n) properties[n] = o.properties[n] ?? null;
  const created = o.properties.hs_createdate ?? o.properties.createdate ?? new Date(0).toISOString();
  return { id: o.id, properties, createdAt: created, updatedAt: o.properties.hs_lastmodifieddate ?? created, archived: false };
}
