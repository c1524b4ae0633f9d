// Which ticket stages are closed and which deal stages are closed-won, from the pipelines'
// stage metadata: every pipeline (custom ones too) has its own stage ids, so no stage name is
// hard-coded. Kept between runs as stage id -> state pairs (definitions.ts), read again daily or
// after a refused write.
import { z } from 'zod';
import type { Definitions } from '../definitions.ts';
import type { HubSpotApi } from './api.ts';
import { PipelineListSchema, type PipelineList } from './schemas/pipelines.ts';

export interface StageStates {
  /** Ticket stage id -> closed. */
  ticketClosed: ReadonlyMap<string, boolean>;
  /** Deal stage id -> closed-won. */
  dealWon: ReadonlyMap<string, boolean>;
}

// https://developers.hubspot.com/docs/guides/api/crm/pipelines
// GET /crm/pipelines/{version}/{objectType} (PublicApiSpecs/CRM/Pipelines/Rollouts/145896/2026-09/pipelines.json)
function readPipelines(api: HubSpotApi, objectType: 'tickets' | 'deals'): Promise<PipelineList> {
  return api.call({ method: 'GET', path: `/crm/pipelines/${api.version}/${objectType}` }, PipelineListSchema);
}

// Stage ids are unique within an account across pipelines, so one map per object type serves.
function stageMap(list: PipelineList, test: (metadata: Record<string, string | null | undefined>) => boolean): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const pipeline of list.results) for (const stage of pipeline.stages) out.set(stage.id, test(stage.metadata ?? {}));
  return out;
}

const StagePairsSchema = z.array(z.tuple([z.string(), z.boolean()]));
const SavedStagesSchema = z.object({ ticketClosed: StagePairsSchema, dealWon: StagePairsSchema });

/** The stage states, from the definitions kept between runs when they are fresh enough. */
export async function stageStates(api: HubSpotApi, definitions: Definitions): Promise<StageStates> {
  const saved = await definitions.get('hubspot.stages', SavedStagesSchema, async () => {
    const states = await readStageStates(api);
    return { ticketClosed: [...states.ticketClosed], dealWon: [...states.dealWon] };
  });
  return { ticketClosed: new Map(saved.ticketClosed), dealWon: new Map(saved.dealWon) };
}

async function readStageStates(api: HubSpotApi): Promise<StageStates> {
  const [tickets, deals] = [await readPipelines(api, 'tickets'), await readPipelines(api, 'deals')];
  return {
    ticketClosed: stageMap(tickets, (m) => m.ticketState === 'CLOSED' || m.isClosed === 'true'),
    // Closed-won: a closed stage with probability 1 ("1.0").
    dealWon: stageMap(deals, (m) => m.isClosed === 'true' && Number(m.probability) === 1),
  };
}
