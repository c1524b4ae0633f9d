// Associations between records, both ways, with HubSpot's HUBSPOT_DEFINED type ids
// (https://developers.hubspot.com/docs/guides/api/crm/associations/associations-v4#association-type-id-values).
// A create that names the wrong type id for its pair of objects fails, as in HubSpot.

/** `from/to` -> type id. */
export const ASSOCIATION_TYPE_IDS: Readonly<Record<string, number>> = {
  'contacts/companies': 279,
  'companies/contacts': 280,
  'deals/companies': 341,
  'companies/deals': 342,
  'tickets/companies': 339,
  'companies/tickets': 340,
  'calls/companies': 182,
  'companies/calls': 181,
  'emails/companies': 186,
  'companies/emails': 185,
  'meetings/companies': 188,
  'companies/meetings': 187,
  'notes/companies': 190,
  'companies/notes': 189,
  'tasks/companies': 192,
  'companies/tasks': 191,
};

export class Associations {
  // One id is kept as itself, more as a list: most records (every activity) link to one company,
  // and a one-element array each was a seventh of a five-year portal's memory.
  readonly #links = new Map<string, Map<string, string | string[]>>();

  #side(from: string, to: string): Map<string, string | string[]> {
    const key = `${from}/${to}`;
    let side = this.#links.get(key);
    if (!side) this.#links.set(key, (side = new Map()));
    return side;
  }

  add(fromType: string, fromId: string, toType: string, toId: string): void {
    for (const [a, aId, b, bId] of [[fromType, fromId, toType, toId], [toType, toId, fromType, fromId]] as const) {
      const side = this.#side(a, b);
      const held = side.get(aId);
      if (held === undefined) side.set(aId, bId);
      else if (typeof held === 'string') {
        if (held !== bId) side.set(aId, [held, bId]);
      } else if (!held.includes(bId)) held.push(bId);
    }
  }

  get(fromType: string, fromId: string, toType: string): readonly string[] {
    const held = this.#links.get(`${fromType}/${toType}`)?.get(fromId);
    return held === undefined ? [] : typeof held === 'string' ? [held] : held;
  }
}
