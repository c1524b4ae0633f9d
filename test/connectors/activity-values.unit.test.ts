// Durations and deal amounts from either CRM that cannot be real (a meeting over a day, 1e400):
// not scored, and reported for the account (issue 11). A meeting over a day counts as 0 minutes
// rather than being clamped to a day, which would lift engagement on a typo.
import { describe, expect, it } from 'vitest';
import { toActivity, toDeal } from '../../src/connectors/hubspot/to-activity.ts';
import { eventToActivity, opportunityToDeal, taskToActivity } from '../../src/connectors/salesforce/to-activity.ts';
import { EventRecordSchema, OpportunityRecordSchema, TaskRecordSchema } from '../../src/connectors/salesforce/schemas/records.ts';

const stages = { ticketClosed: new Map<string, boolean>(), dealWon: new Map<string, boolean>() };

function collect() {
  const problems: string[] = [];
  return { problems, report: (p: string) => problems.push(p) };
}

describe('HubSpot history values', () => {
  it('scores a meeting of three days as 0 minutes and reports it', () => {
    const { problems, report } = collect();
    const a = toActivity('meetings', { id: 'm1', properties: { hs_meeting_start_time: '2026-11-01T10:00:00Z', hs_meeting_end_time: '2026-11-04T10:00:00Z' } }, stages, report);
    expect(a).toMatchObject({ type: 'meeting', durationMinutes: 0 });
    expect(problems).toEqual(['meeting m1: 4,320 minutes is longer than a day (at most 1,440 minutes); scored as 0 minutes']);
  });

  it('reports a call duration of 1e400 ms and one that is not a number', () => {
    const { problems, report } = collect();
    toActivity('calls', { id: 'k1', properties: { hs_timestamp: '2026-11-01T10:00:00Z', hs_call_duration: '1e400' } }, stages, report);
    toActivity('calls', { id: 'k2', properties: { hs_timestamp: '2026-11-01T10:00:00Z', hs_call_duration: 'long' } }, stages, report);
    expect(problems).toEqual([
      'call k1: more than 1e308 minutes is longer than a day (at most 1,440 minutes); scored as 0 minutes',
      'call k2: the duration is not a number (at most 1,440 minutes); scored as 0 minutes',
    ]);
  });

  it('keeps a day-long call and reports nothing', () => {
    const { problems, report } = collect();
    const a = toActivity('calls', { id: 'k3', properties: { hs_timestamp: '2026-11-01T10:00:00Z', hs_call_duration: String(24 * 3_600_000) } }, stages, report);
    expect(a).toMatchObject({ durationMinutes: 1440 });
    expect(problems).toEqual([]);
  });

  it('reads a deal amount of 1e400 as no amount and reports it', () => {
    const { problems, report } = collect();
    expect(toDeal({ id: 'd1', properties: { amount: '1e400' } }, stages, report).amount).toBeNull();
    expect(problems).toEqual(['deal d1: amount Infinity is beyond ±1,000,000,000,000,000; read as no amount']);
  });
});

describe('Salesforce history values', () => {
  // 1e400 in Salesforce JSON parses to Infinity; the record is still read, not a stopped connection.
  const json = <T>(text: string) => JSON.parse(text) as T;

  it('reads records whose numbers overflow, and reports each value', () => {
    const { problems, report } = collect();
    const task = TaskRecordSchema.parse(json('{ "Id": "00T000000000001AAA", "TaskSubtype": "Call", "CallDurationInSeconds": 1e400, "CreatedDate": "2026-11-01T10:00:00.000+0000" }'));
    const event = EventRecordSchema.parse({ Id: '00U000000000001AAA', StartDateTime: '2026-11-01T10:00:00.000+0000', DurationInMinutes: 4320, IsAllDayEvent: false });
    const opportunity = OpportunityRecordSchema.parse(json('{ "Id": "006000000000001AAA", "Amount": 1e400, "IsWon": false }'));
    expect(taskToActivity(task, report)).toMatchObject({ type: 'call', durationMinutes: 0 });
    expect(eventToActivity(event, report)).toMatchObject({ type: 'meeting', durationMinutes: 0 });
    expect(opportunityToDeal(opportunity, report).amount).toBeNull();
    expect(problems).toEqual([
      'call 00T000000000001AAA: more than 1e308 minutes is longer than a day (at most 1,440 minutes); scored as 0 minutes',
      'meeting 00U000000000001AAA: 4,320 minutes is longer than a day (at most 1,440 minutes); scored as 0 minutes',
      'opportunity 006000000000001AAA: amount Infinity is beyond ±1,000,000,000,000,000; read as no amount',
    ]);
  });
});
