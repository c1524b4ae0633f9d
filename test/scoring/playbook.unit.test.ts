import { describe, expect, it } from 'vitest';
import { DAY_MS, formatDay, parseAsOf } from '../../src/model/dates.ts';
import { DEFAULTS, resolvePolicy, type Policy } from '../../src/model/policy.ts';
import { HANDOFF_ITEMS } from '../../src/model/policy-defaults.ts';
import type { AccountRecordInput } from '../../src/model/record.ts';
import { scoreAccount } from '../../src/scoring/score.ts';
import { AS_OF, dayAgo, HOUR_MS, meeting, record, wonDeal } from './fixtures.ts';

type TaskInput = NonNullable<AccountRecordInput['tasks']>[number];

function tasks(input: Partial<AccountRecordInput>, policy: Policy = DEFAULTS, asOf = AS_OF) {
  return scoreAccount(record(input), policy, asOf).tasks;
}

function kinds(input: Partial<AccountRecordInput>, policy: Policy = DEFAULTS, asOf = AS_OF) {
  return tasks(input, policy, asOf).map((t) => t.kind);
}

/** Standard tier, usage 0.1, no meeting, no ticket, no NPS: (4 + 0 + 20) / 90 = 27 at_risk. */
const atRisk = { arr: 50_000, featureUsage: 0.1, csmOwnerId: 'csm-1', ownerId: 'owner-1' };
/** Standard tier, usage 0.55, 30 of 60 minutes, no ticket, no NPS: (22 + 15 + 20) / 90 = 63 watch. */
const watch = { arr: 50_000, featureUsage: 0.55, activities: [meeting(5, 30)], csmOwnerId: 'csm-1' };
/** Healthy: usage 1, full engagement, no ticket. */
const healthy = (arr: number) => ({ arr, featureUsage: 1, activities: [meeting(5, 300)], csmOwnerId: 'csm-1' });

function rescue(kind: 'open' | 'completed', createdDaysAgo: number): TaskInput {
  return { key: `rescue:acc-1:${dayAgo(createdDaysAgo)}`, kind: 'rescue', status: kind, createdAt: Date.parse(`${dayAgo(createdDaysAgo)}T10:00:00Z`) };
}

describe('rescue task', () => {
  it('is made for an at_risk account, for its CSM, with the why and the recommendation', () => {
    const r = scoreAccount(record(atRisk), DEFAULTS, AS_OF);
    expect(r.health).toMatchObject({ score: 27, band: 'at_risk' });
    expect(r.tasks).toEqual([
      {
        kind: 'rescue',
        key: 'rescue:acc-1:2026-11-23',
        ownerId: 'csm-1',
        subject: 'Advisor call-back: at_risk (health 27)',
        body: `${r.why}\n\n${DEFAULTS.playbook.rescue.recommendation}`,
        dueAt: Date.UTC(2026, 10, 25),
        dealId: null,
        plannedAt: AS_OF,
      },
    ]);
    expect(r.tasks[0]!.body).toContain('unlocking value-added features');
  });

  it('is not made for healthy or watch accounts without signals', () => {
    expect(kinds(healthy(50_000))).toEqual([]);
    const w = scoreAccount(record(watch), DEFAULTS, AS_OF);
    expect(w.health).toMatchObject({ score: 63, band: 'watch' });
    expect(w.tasks).toEqual([]);
  });

  it('is made for any signal on a strategic or growth account, even a healthy one', () => {
    const strategic = tasks({ ...healthy(2_000_000), lastLoginAt: dayAgo(30) });
    expect(strategic.map((t) => [t.kind, t.subject])).toEqual([['rescue', 'Advisor call-back: NO_LOGIN']]);
    const growth = tasks({ ...healthy(200_000), lastLoginAt: dayAgo(30) });
    expect(growth.map((t) => t.kind)).toEqual(['rescue']);
  });

  it('is made for a signal on a strategic account whose band is insufficient_data', () => {
    const r = scoreAccount(record({ arr: 2_000_000, lastLoginAt: dayAgo(45), csmOwnerId: 'csm-1' }), DEFAULTS, AS_OF);
    expect(r.health.band).toBe('insufficient_data');
    expect(r.tasks.map((t) => [t.kind, t.subject])).toEqual([['rescue', 'Advisor call-back: NO_LOGIN']]);
  });

  it('is not made for a standard account with only a signal and a watch band', () => {
    const r = scoreAccount(record({ ...watch, lastLoginAt: dayAgo(45) }), DEFAULTS, AS_OF);
    expect(r.tier).toBe('standard');
    expect(r.health.band).toBe('watch');
    expect(r.signals.map((s) => s.code)).toEqual(['NO_LOGIN']);
    expect(r.tasks).toEqual([]);
  });

  it('is not made for a signal on an unknown-tier account with insufficient data', () => {
    expect(kinds({ lastLoginAt: dayAgo(45) })).toEqual([]);
  });

  it('carries every reason in one task', () => {
    const t = tasks({ ...atRisk, arr: 200_000, lastLoginAt: dayAgo(60), snapshots: [{ date: dayAgo(30), score: 90 }] });
    expect(t).toHaveLength(1);
    expect(t[0]!.subject).toBe('Advisor call-back: at_risk (health 27), NO_LOGIN, HEALTH_DROP');
  });

  it('follows the policy rescue tiers of the value_growth preset', () => {
    const policy = resolvePolicy({ tiers: { preset: 'value_growth' } });
    expect(kinds({ ...healthy(60_000), lastLoginAt: dayAgo(40) }, policy)).toEqual(['rescue']);
    expect(kinds({ ...healthy(40_000), lastLoginAt: dayAgo(40) }, policy)).toEqual([]);
  });

  describe('dedupe', () => {
    it('no rescue while a rescue task is open, whatever its age', () => {
      expect(kinds({ ...atRisk, tasks: [rescue('open', 60)] })).toEqual([]);
    });

    it('no rescue when one was created in the last 14 days, even completed', () => {
      expect(kinds({ ...atRisk, tasks: [rescue('completed', 13)] })).toEqual([]);
      expect(kinds({ ...atRisk, tasks: [rescue('completed', 1)] })).toEqual([]);
    });

    it('a new rescue when the last one was created 15 days ago and is completed', () => {
      const t = tasks({ ...atRisk, tasks: [rescue('completed', 15)] });
      expect(t.map((x) => [x.kind, x.key])).toEqual([['rescue', 'rescue:acc-1:2026-11-23']]);
    });

    it('the 14 days are the window (asOf - 14 days, asOf]', () => {
      const at = (createdAt: number): TaskInput => ({ key: 'rescue:acc-1:x', kind: 'rescue', status: 'completed', createdAt });
      expect(kinds({ ...atRisk, tasks: [at(AS_OF - 14 * DAY_MS + 1)] })).toEqual([]);
      expect(kinds({ ...atRisk, tasks: [at(AS_OF - 14 * DAY_MS)] })).toEqual(['rescue']);
    });

    it('other task kinds do not block a rescue', () => {
      const other: TaskInput = { key: 'renewal:acc-1:2027-01-01', kind: 'renewal', status: 'open', createdAt: AS_OF - DAY_MS };
      expect(kinds({ ...atRisk, tasks: [other] })).toEqual(['rescue']);
    });
  });

  it('is due 2 business days later: Friday -> Tuesday', () => {
    const friday = parseAsOf('2026-11-20')!;
    const [t] = tasks(atRisk, DEFAULTS, friday);
    expect(t!.key).toBe('rescue:acc-1:2026-11-20');
    expect(formatDay(t!.dueAt)).toBe('2026-11-24');
    expect(new Date(t!.dueAt).getUTCDay()).toBe(2);
  });

  it('goes to the CSM, else the account owner', () => {
    expect(tasks(atRisk)[0]!.ownerId).toBe('csm-1');
    expect(tasks({ ...atRisk, csmOwnerId: null })[0]!.ownerId).toBe('owner-1');
    expect(tasks({ ...atRisk, csmOwnerId: undefined, ownerId: undefined })[0]!.ownerId).toBeNull();
  });
});

describe('renewal task', () => {
  const renewing = { ...healthy(50_000), contractEnd: '2027-01-22' };

  it('is made when the account is upcoming, with a key per contract end', () => {
    const t = tasks(renewing);
    expect(t).toEqual([
      {
        kind: 'renewal',
        key: 'renewal:acc-1:2027-01-22',
        ownerId: 'csm-1',
        subject: 'Renewal re-survey: contract ends 2027-01-22',
        body: expect.stringContaining('Review needs, growth pains and the expansion plan'),
        dueAt: AS_OF + 7 * DAY_MS,
        dealId: null,
        plannedAt: AS_OF,
      },
    ]);
  });

  it('is made for due and overdue too, not for none or unknown', () => {
    expect(kinds({ ...healthy(50_000), contractEnd: dayAgo(-10) })).toEqual(['renewal']);
    expect(kinds({ ...healthy(50_000), contractEnd: dayAgo(5) })).toEqual(['renewal']);
    expect(kinds({ ...healthy(50_000), contractEnd: dayAgo(-91) })).toEqual([]);
    expect(kinds(healthy(50_000))).toEqual([]);
  });

  it('is made once per contract end date', () => {
    const made = (status: 'open' | 'completed'): TaskInput => ({ key: 'renewal:acc-1:2027-01-22', kind: 'renewal', status, createdAt: AS_OF - 60 * DAY_MS });
    expect(kinds({ ...renewing, tasks: [made('open')] })).toEqual([]);
    expect(kinds({ ...renewing, tasks: [made('completed')] })).toEqual([]);
    // A renewed contract has a new end date and gets its own task.
    const t = tasks({ ...renewing, contractEnd: '2027-02-01', tasks: [made('completed')] });
    expect(t.map((x) => x.key)).toEqual(['renewal:acc-1:2027-02-01']);
  });

  it('goes to the account owner without a CSM', () => {
    expect(tasks({ ...renewing, csmOwnerId: null, ownerId: 'owner-1' })[0]!.ownerId).toBe('owner-1');
  });
});

describe('handoff and validation tasks', () => {
  const closedAt = AS_OF - 5 * HOUR_MS;
  const won = { ...healthy(50_000), ownerId: 'owner-1', deals: [wonDeal('d1', closedAt, 5000, 'rep-9')] };

  it('makes the checklist for the deal owner and the validation for the CSM', () => {
    const t = tasks(won);
    expect(t.map((x) => [x.kind, x.key, x.ownerId, x.dealId])).toEqual([
      ['handoff', 'handoff:d1', 'rep-9', 'd1'],
      ['validation', 'validation:d1', 'csm-1', 'd1'],
    ]);
    expect(t[0]!.dueAt).toBe(closedAt + 72 * HOUR_MS);
    expect(t[1]!.dueAt).toBe(closedAt + 30 * DAY_MS);
    expect(t[0]!.subject).toBe('Sales-to-CSM handoff checklist: Deal d1');
    expect(t[1]!.subject).toBe('Validate customer requirements: Deal d1');
  });

  it('puts the 10 checklist items in the handoff body', () => {
    const body = tasks(won)[0]!.body;
    const items = body.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(items).toHaveLength(10);
    expect(items).toEqual(HANDOFF_ITEMS.map((item, i) => `${i + 1}. ${item}`));
    expect(items[0]).toBe('1. Decision chain: economic buyer, decision makers, influencers');
    expect(items[9]).toBe('10. Budget owner and renewal expectations');
    expect(body.startsWith(`Closed won ${formatDay(closedAt)}.`)).toBe(true);
  });

  it('uses the policy checklist', () => {
    const policy = resolvePolicy({ handoff: { items: ['One', 'Two'] } });
    expect(tasks(won, policy)[0]!.body.split('\n').slice(1)).toEqual(['1. One', '2. Two']);
  });

  it('falls back to the account owner when the deal has no owner', () => {
    const t = tasks({ ...won, deals: [wonDeal('d1', closedAt, 5000, null)] });
    expect(t[0]!.ownerId).toBe('owner-1');
  });

  it('is not made again once the tasks exist', () => {
    const made: TaskInput[] = [
      { key: 'handoff:d1', kind: 'handoff', status: 'open', createdAt: closedAt, dealId: 'd1' },
      { key: 'validation:d1', kind: 'validation', status: 'open', createdAt: closedAt, dealId: 'd1' },
    ];
    expect(kinds({ ...won, tasks: made })).toEqual([]);
  });

  it('is not made for wins older than 30 days', () => {
    expect(kinds({ ...won, deals: [wonDeal('d1', AS_OF - 31 * DAY_MS)] })).toEqual([]);
  });
});

describe('keys', () => {
  it('are stable across two runs over the same state', () => {
    const input = {
      ...atRisk,
      contractEnd: '2027-01-22',
      deals: [wonDeal('d1', AS_OF - 2 * DAY_MS)],
    };
    const first = tasks(input);
    const second = tasks(input);
    expect(first.map((t) => t.key)).toEqual(['rescue:acc-1:2026-11-23', 'renewal:acc-1:2027-01-22', 'handoff:d1', 'validation:d1']);
    expect(second).toEqual(first);
    // Later the same day (asOf as an instant), the keys do not change.
    expect(tasks(input, DEFAULTS, AS_OF - 6 * HOUR_MS).map((t) => t.key)).toEqual(first.map((t) => t.key));
  });

  it('a run over the state holding the first run tasks asks for nothing more', () => {
    const input = { ...atRisk, contractEnd: '2027-01-22', deals: [wonDeal('d1', AS_OF - 2 * DAY_MS)] };
    const first = tasks(input);
    const state: TaskInput[] = first.map((t) => ({ key: t.key, kind: t.kind, status: 'open', createdAt: AS_OF, dealId: t.dealId }));
    expect(tasks({ ...input, tasks: state })).toEqual([]);
    expect(tasks({ ...input, tasks: state }, DEFAULTS, AS_OF + DAY_MS)).toEqual([]);
  });
});
