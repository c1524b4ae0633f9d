// Associations batch read (POST /crm/associations/{version}/{from}/{to}/batch/read): at most 1,000
// ids a call, each result listing its associated ids with their HUBSPOT_DEFINED type id, 500 a
// page per id (then `paging.next.after`, which the next call passes back beside the id). Ids
// without associations are left out, as HubSpot leaves them out.
import type { SandboxAnswer, SandboxRequest } from '../model.ts';
import type { Route } from '../router.ts';
import { ASSOCIATION_TYPE_IDS } from './associations.ts';
import { badBody, invalid, notFound } from './errors.ts';
import { AssociationReadSchema } from './requests.ts';
import { isObjectType, type PortalState } from './state.ts';
import { dated } from './versions.ts';

export const ASSOCIATION_READ_LIMIT = 1_000;
const PER_ID = 500;

const asId = (id: string) => (/^\d{1,15}$/.test(id) ? Number(id) : id);

export function associationRoutes(state: PortalState, now: () => number): Route[] {
  function read(m: RegExpMatchArray, req: SandboxRequest): SandboxAnswer {
    const [from, to] = [m[2]!, m[3]!];
    const typeId = ASSOCIATION_TYPE_IDS[`${from}/${to}`];
    if (!isObjectType(from) || !isObjectType(to) || typeId === undefined) return notFound(`No association is defined from ${from} to ${to}`);
    const parsed = AssociationReadSchema.safeParse(req.body);
    if (!parsed.success) return badBody(parsed.error);
    const { inputs } = parsed.data;
    if (inputs.length > ASSOCIATION_READ_LIMIT) return invalid(`Batch input must contain at most ${ASSOCIATION_READ_LIMIT} inputs, got ${inputs.length}`);
    const startedAt = new Date(now()).toISOString();
    const results = [];
    for (const input of inputs) {
      const all = state.associations.get(from, input.id, to);
      const offset = Number(input.after ?? 0);
      const slice = all.slice(offset, offset + PER_ID);
      if (slice.length === 0) continue;
      results.push({
        from: { id: input.id },
        to: slice.map((id) => ({ toObjectId: asId(id), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId, label: null }] })),
        ...(offset + PER_ID < all.length ? { paging: { next: { after: String(offset + PER_ID) } } } : {}),
      });
    }
    return { status: 200, body: { status: 'COMPLETE', results, startedAt, completedAt: new Date(now()).toISOString() } };
  }
  return [{ method: 'POST', path: dated('associations', '/(\\w+)/(\\w+)/batch/read'), handle: read }];
}
