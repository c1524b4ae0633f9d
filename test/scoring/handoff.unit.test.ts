import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/model/dates.ts';
import { DEFAULTS } from '../../src/model/policy.ts';
import type { AccountRecordInput } from '../../src/model/record.ts';
import { handoffFor, handoffs } from '../../src/scoring/handoff.ts';
import { scoreAccount } from '../../src/scoring/score.ts';
import { AS_OF, HOUR_MS, record, wonDeal } from './fixtures.ts';

type TaskInput = NonNullable<AccountRecordInput['tasks']>[number];

function task(kind: 'handoff' | 'validation', status: 'open' | 'completed', dealId = 'd1', createdAt: number = AS_OF - 40 * DAY_MS): TaskInput {
  return { key: `${kind}:${dealId}`, kind, status, createdAt, dealId };
}

/** The handoff of deal d1 closed `hoursAgo` before asOf. */
function handoffAt(hoursAgo: number, tasks: TaskInput[] = []) {
  const r = record({ deals: [wonDeal('d1', AS_OF - hoursAgo * HOUR_MS)], tasks });
  return handoffFor(r.deals[0]!, r.tasks, AS_OF, DEFAULTS);
}

describe('handoff deadlines', () => {
  it('checklist due 72 hours and validation 30 days after close', () => {
    const closedAt = AS_OF - 24 * HOUR_MS;
    const h = handoffAt(24);
    expect(h).toEqual({
      dealId: 'd1',
      closedAt,
      ownerDueAt: closedAt + 72 * HOUR_MS,
      validationDueAt: closedAt + 30 * DAY_MS,
      status: 'pending',
      isNew: true,
    });
  });
});

describe('handoff status', () => {
  it('pending until 72 h have passed, overdue after (first run, no task yet)', () => {
    expect(handoffAt(72)?.status).toBe('pending');
    expect(handoffAt(73)).toMatchObject({ status: 'overdue', isNew: true });
  });

  it('overdue when 72 h have passed with the handoff task still open', () => {
    expect(handoffAt(71, [task('handoff', 'open'), task('validation', 'open')])).toMatchObject({ status: 'pending', isNew: false });
    expect(handoffAt(73, [task('handoff', 'open'), task('validation', 'open')])).toMatchObject({ status: 'overdue', isNew: false });
  });

  it('submitted once the handoff task is completed', () => {
    expect(handoffAt(24, [task('handoff', 'completed'), task('validation', 'open')])?.status).toBe('submitted');
    expect(handoffAt(200, [task('handoff', 'completed'), task('validation', 'open')])?.status).toBe('submitted');
  });

  it('validated once the validation task is completed', () => {
    expect(handoffAt(200, [task('handoff', 'completed'), task('validation', 'completed')])?.status).toBe('validated');
    expect(handoffAt(45 * 24, [task('handoff', 'completed'), task('validation', 'completed')])?.status).toBe('validated');
  });

  it('overdue after 30 days with the validation task open, even if the checklist was submitted', () => {
    expect(handoffAt(30 * 24, [task('handoff', 'completed'), task('validation', 'open')])?.status).toBe('submitted');
    expect(handoffAt(30 * 24 + 1, [task('handoff', 'completed'), task('validation', 'open')])?.status).toBe('overdue');
  });

  it('ignores tasks of other deals', () => {
    expect(handoffAt(24, [task('handoff', 'completed', 'other'), task('validation', 'completed', 'other')])).toMatchObject({ status: 'pending', isNew: true });
  });
});

describe('which wins get a handoff', () => {
  it('wins older than 30 days without tasks get nothing (history on a first run)', () => {
    expect(handoffAt(31 * 24)).toBeNull();
    expect(handoffAt(30 * 24)).toBeNull();
    expect(handoffAt(30 * 24 - 1)).toMatchObject({ status: 'overdue', isNew: true });
  });

  it('lost deals and wins after asOf get nothing', () => {
    const r = record({ deals: [{ id: 'l', won: false, closedAt: AS_OF - DAY_MS }, wonDeal('future', AS_OF + HOUR_MS)] });
    expect(r.deals.map((d) => handoffFor(d, [], AS_OF, DEFAULTS))).toEqual([null, null]);
  });

  it('lists handoffs most recently won first', () => {
    const r = record({
      deals: [wonDeal('old', AS_OF - 20 * DAY_MS), wonDeal('new', AS_OF - DAY_MS), wonDeal('mid', AS_OF - 10 * DAY_MS)],
    });
    expect(handoffs(r.deals, r.tasks, AS_OF, DEFAULTS).map((h) => h.dealId)).toEqual(['new', 'mid', 'old']);
  });
});

describe('handoff on the account', () => {
  it('is the most recent win handoff', () => {
    const closedNew = AS_OF - 2 * DAY_MS;
    const r = scoreAccount(
      record({
        deals: [wonDeal('old', AS_OF - 60 * DAY_MS), wonDeal('new', closedNew)],
        tasks: [task('handoff', 'completed', 'old'), task('validation', 'completed', 'old')],
      }),
      DEFAULTS,
      AS_OF,
    );
    expect(r.handoff).toEqual({
      dealId: 'new',
      status: 'pending',
      ownerDueAt: new Date(closedNew + 72 * HOUR_MS).toISOString(),
      validationDueAt: new Date(closedNew + 30 * DAY_MS).toISOString(),
    });
  });

  it('keeps showing an older win that crm-pulse tracked', () => {
    const r = scoreAccount(
      record({ deals: [wonDeal('old', AS_OF - 60 * DAY_MS)], tasks: [task('handoff', 'completed', 'old'), task('validation', 'completed', 'old')] }),
      DEFAULTS,
      AS_OF,
    );
    expect(r.handoff).toMatchObject({ dealId: 'old', status: 'validated' });
  });

  it('is null without a win that needs one', () => {
    expect(scoreAccount(record({ deals: [wonDeal('old', AS_OF - 60 * DAY_MS)] }), DEFAULTS, AS_OF).handoff).toBeNull();
    expect(scoreAccount(record({}), DEFAULTS, AS_OF).handoff).toBeNull();
  });
});
