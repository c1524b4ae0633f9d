// The sandbox portal's data: records by object type and id (properties travel as strings, as in
// HubSpot), their associations, the property definitions and groups, the admin's validation
// rules, and the next record id.
import { Associations } from './associations.ts';
import { standardProperties, type HsProperty } from './properties.ts';
import type { ValidationRule } from './validation-rules.ts';

export interface Obj {
  id: string;
  properties: Record<string, string | null>;
  /** Earlier values of properties, oldest first (property history); the current value is the last. */
  history?: Record<string, { value: string | null; timestamp: string }[]>;
}

export const OBJECT_TYPES = ['companies', 'contacts', 'meetings', 'calls', 'emails', 'notes', 'tickets', 'deals', 'tasks'] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

export interface PortalState {
  objects: Map<string, Map<string, Obj>>;
  associations: Associations;
  properties: Record<string, HsProperty[]>;
  /** Property group names by object type. */
  groups: Record<string, string[]>;
  /** The admin's validation rules, applied to writes from API version 2026-09 on. */
  rules: ValidationRule[];
  /** A new numeric record id. */
  newId(): string;
  /** Moves with every change to the portal's records: a search's cached matches hold until it moves. */
  revision: number;
}

export function createState(): PortalState {
  const properties = standardProperties();
  let next = 30_000_000_001;
  return {
    objects: new Map(OBJECT_TYPES.map((t) => [t, new Map<string, Obj>()])),
    associations: new Associations(),
    properties,
    groups: Object.fromEntries(Object.entries(properties).map(([type, list]) => [type, [...new Set(list.map((p) => p.groupName))]])),
    rules: [],
    newId: () => String(next++),
    revision: 0,
  };
}

export const isObjectType = (t: string): t is ObjectType => (OBJECT_TYPES as readonly string[]).includes(t);
