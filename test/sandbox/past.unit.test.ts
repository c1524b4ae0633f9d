// A portfolio with a past (src/sandbox/past.ts) as a CRM would hold it: no two accounts' meetings
// or tickets at one instant (HubSpot search pages on the sort value; thousands of records at one
// instant would pass its 10,000-result cap at 10,000 accounts): each account's are shifted a
// second per account from the whole days of the generated grid, less than a day in all.
import { describe, expect, it } from 'vitest';
import { portfolio } from '../../src/sandbox/generate.ts';

const AS_OF = Date.parse('2026-11-23T12:00:00.000Z');
const DAY = 86_400_000;

describe('sandbox past', () => {
  it('spreads the accounts\' meetings and tickets over a day, one account a second', () => {
    const accounts = [...portfolio({ accounts: 500, asOf: AS_OF, seed: 2, past: { weights: { usage: 50, engagement: 30, tickets: 15, nps: 5 }, noise: 6 } })];
    const meetings = accounts.flatMap((a) => a.engagements.map((e) => e.at));
    const tickets = accounts.flatMap((a) => a.tickets.map((t) => t.createdAt));
    expect(new Set(meetings).size).toBe(meetings.length);
    // Ticket k of an account opens k hours after its first: only accounts 3,600 apart could meet.
    expect(new Set(tickets).size).toBe(tickets.length);
    for (const a of accounts) for (const e of a.engagements) expect((e.at - AS_OF - a.index * 1_000 + 1_000 * DAY) % DAY).toBe(0);
  });
});
