// Maps HubSpot activities, tickets and deals to the canonical Activity and Deal of
// src/model/activity.ts. A record without the instant that places it in time is left out (it
// cannot fall in any window); a missing duration counts as 0 minutes. A duration or amount that
// cannot be real (activity-values.ts) is reported through `report` and not scored.
import type { Activity, Deal } from '../../model/index.ts';
import { dealAmount, meetingMinutes, type Report } from '../activity-values.ts';
import type { HistoryObject } from './checkpoint.ts';
import { hsNumber, hsTime } from './hs-values.ts';
import type { StageStates } from './pipelines.ts';
import type { HsObject } from './schemas/objects.ts';

/** Properties each object is read with. */
export const HISTORY_PROPERTIES: Record<HistoryObject, string[]> = {
  meetings: ['hs_meeting_start_time', 'hs_meeting_end_time', 'hs_timestamp', 'hubspot_owner_id'],
  calls: ['hs_timestamp', 'hs_call_duration', 'hubspot_owner_id'],
  tickets: ['createdate', 'hs_pipeline_stage', 'hs_ticket_priority', 'hs_is_closed', 'closed_date', 'hubspot_owner_id'],
  deals: ['dealname', 'amount', 'closedate', 'dealstage', 'hs_is_closed_won', 'hubspot_owner_id'],
};

const MINUTE_MS = 60_000;

export function toActivity(type: Exclude<HistoryObject, 'deals'>, r: HsObject, stages: StageStates, report: Report): Activity | null {
  const p = r.properties ?? {};
  const base = { id: r.id, ownerId: p.hubspot_owner_id || null };
  switch (type) {
    case 'meetings': {
      const start = hsTime(p.hs_meeting_start_time) ?? hsTime(p.hs_timestamp);
      if (start === undefined) return null;
      const end = hsTime(p.hs_meeting_end_time);
      return { ...base, type: 'meeting', at: start, durationMinutes: end !== undefined && end > start ? meetingMinutes((end - start) / MINUTE_MS, `meeting ${r.id}`, report) : 0 };
    }
    case 'calls': {
      const at = hsTime(p.hs_timestamp) ?? hsTime(r.createdAt);
      if (at === undefined) return null;
      // hs_call_duration is in milliseconds.
      return { ...base, type: 'call', at, durationMinutes: meetingMinutes((hsNumber(p.hs_call_duration) ?? 0) / MINUTE_MS, `call ${r.id}`, report) };
    }
    case 'tickets': {
      const createdAt = hsTime(p.createdate) ?? hsTime(r.createdAt);
      if (createdAt === undefined) return null;
      // A stage missing from the pipelines (archived since) falls back to HubSpot's own flag.
      const closed = stages.ticketClosed.get(p.hs_pipeline_stage ?? '') ?? p.hs_is_closed === 'true';
      const closedAt = closed ? hsTime(p.closed_date) : undefined;
      return { ...base, type: 'ticket', createdAt, status: closed ? 'closed' : 'open', priority: p.hs_ticket_priority || null, ...(closedAt != null ? { closedAt } : {}) };
    }
  }
}

export function toDeal(r: HsObject, stages: StageStates, report: Report): Deal {
  const p = r.properties ?? {};
  const won = stages.dealWon.get(p.dealstage ?? '') ?? p.hs_is_closed_won === 'true';
  // HubSpot sets closedate when a deal enters a won stage; if an admin cleared it, the last
  // update is the best remaining guess of when it was won.
  const closedAt = hsTime(p.closedate) ?? (won ? hsTime(r.updatedAt) : undefined) ?? null;
  return { id: r.id, name: p.dealname || null, ownerId: p.hubspot_owner_id || null, amount: dealAmount(hsNumber(p.amount), `deal ${r.id}`, report), won: won && closedAt !== null, closedAt };
}
