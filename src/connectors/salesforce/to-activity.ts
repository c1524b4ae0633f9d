// Maps Salesforce Tasks, Events, Cases and Opportunities to the canonical Activity and Deal of
// src/model/activity.ts. A record without the instant that places it in time is left out (it
// cannot fall in any window); a missing duration counts as 0 minutes. A duration or amount that
// cannot be real (activity-values.ts) is reported through `report` and not scored.
//
// Tasks: calls (TaskSubtype Call, the older Type Call, or a logged call duration) and emails
// (TaskSubtype Email / ListEmail, also what Enhanced Email logs). Other tasks (to-dos, crm-pulse's
// own) are not engagement. Notes are not representable: Salesforce notes are ContentNote files
// linked through ContentDocumentLink, with no account field a history query can filter on.
import type { z } from 'zod';
import { type Activity, type Deal, type Ticket, parseInstant } from '../../model/index.ts';
import { dealAmount, meetingMinutes, type Report } from '../activity-values.ts';
import type { CaseRecordSchema, EventRecordSchema, OpportunityRecordSchema, TaskRecordSchema } from './schemas/records.ts';

const MINUTE_MS = 60_000;
const time = (value: string | null | undefined) => (value ? parseInstant(value) : undefined);

export function taskToActivity(r: z.output<typeof TaskRecordSchema>, report: Report): Exclude<Activity, Ticket> | null {
  const base = { id: r.Id, ownerId: r.OwnerId || null };
  // When it happened: completed, else its date (a whole UTC day), else when it was logged.
  const at = time(r.CompletedDateTime) ?? time(r.ActivityDate) ?? time(r.CreatedDate);
  if (at === undefined) return null;
  const isCall = r.TaskSubtype === 'Call' || r.Type === 'Call' || r.CallDurationInSeconds != null;
  if (isCall) return { ...base, type: 'call', at, durationMinutes: meetingMinutes((r.CallDurationInSeconds ?? 0) / 60, `call ${r.Id}`, report) };
  if (r.TaskSubtype === 'Email' || r.TaskSubtype === 'ListEmail' || r.Type === 'Email') return { ...base, type: 'email', at };
  return null;
}

export function eventToActivity(r: z.output<typeof EventRecordSchema>, report: Report): Activity | null {
  const start = time(r.StartDateTime);
  if (start === undefined) return null;
  const end = time(r.EndDateTime);
  // An all-day event blocks a calendar day; it is not 1,440 minutes of meeting.
  const minutes = r.IsAllDayEvent ? 0 : (r.DurationInMinutes ?? (end !== undefined && end > start ? (end - start) / MINUTE_MS : 0));
  return { id: r.Id, ownerId: r.OwnerId || null, type: 'meeting', at: start, durationMinutes: meetingMinutes(minutes, `meeting ${r.Id}`, report) };
}

export function caseToActivity(r: z.output<typeof CaseRecordSchema>): Ticket | null {
  const createdAt = time(r.CreatedDate);
  if (createdAt === undefined) return null;
  const closedAt = r.IsClosed ? time(r.ClosedDate) : undefined;
  return { id: r.Id, ownerId: r.OwnerId || null, type: 'ticket', createdAt, status: r.IsClosed ? 'closed' : 'open', priority: r.Priority || null, ...(closedAt !== undefined ? { closedAt } : {}) };
}

export function opportunityToDeal(r: z.output<typeof OpportunityRecordSchema>, report: Report): Deal {
  const won = r.IsWon === true;
  // CloseDate is the day it closed once won (a whole UTC day, so the 72-hour deadline runs from midnight).
  const closedAt = time(r.CloseDate) ?? null;
  return { id: r.Id, name: r.Name || null, ownerId: r.OwnerId || null, amount: dealAmount(r.Amount ?? null, `opportunity ${r.Id}`, report), won: won && closedAt !== null, closedAt };
}
