// Properties of the scoring policy over arbitrary documents: resolvePolicy returns a policy the
// schema accepts or throws a PolicyError (BAD_POLICY) listing its problems, never another
// exception; and a valid policy scored over random accounts gives finite numbers only.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AccountRecordSchema, type Policy } from '../../src/model/index.ts';
import { DEFAULTS, PolicyError, PolicySchema, resolvePolicy } from '../../src/model/policy.ts';
import { createScorer } from '../../src/scoring/index.ts';
import { AS_OF, RUNS, accountRecord, applyEdits, boundedNumber, edits, numbersIn, thrownBy } from './arbitraries.ts';

const EXAMPLE: unknown = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../examples/policy.json'), 'utf8'));

/** A policy, or a PolicyError naming each problem by path; anything else thrown fails. */
function check(doc: unknown): void {
  const error = thrownBy(() => resolvePolicy(doc));
  if (error === undefined) {
    expect(PolicySchema.safeParse(resolvePolicy(doc)).success).toBe(true);
    return;
  }
  expect(error).toBeInstanceOf(PolicyError);
  const { code, problems } = error as PolicyError;
  expect(code).toBe('BAD_POLICY');
  expect(problems.length).toBeGreaterThan(0);
  // `path: message`; a path may hold any key the admin wrote, spaces included.
  for (const p of problems) expect(p).toMatch(/^.+: \S/s);
}

/** Valid policies near the defaults: edits with numbers of an ordinary size, kept when they resolve. */
function policies(numbers: fc.Arbitrary<number>): fc.Arbitrary<Policy> {
  const values = fc.oneof(numbers, fc.integer({ min: 1, max: 365 }), fc.boolean(), fc.constantFrom('standard', 'strategic', 'x'));
  return fc.oneof(fc.constant(EXAMPLE), fc.constant(DEFAULTS as unknown)).chain((doc) =>
    edits(values).map((e) => {
      const edited = applyEdits(doc, e);
      return thrownBy(() => resolvePolicy(edited)) === undefined ? resolvePolicy(edited) : DEFAULTS;
    }),
  );
}

/** Scores every account that parses; every number in every result must be finite. */
function scoresFinite(policy: Policy, docs: Record<string, unknown>[]): void {
  const score = createScorer(policy, AS_OF);
  for (const doc of docs) {
    const parsed = AccountRecordSchema.safeParse(doc);
    if (!parsed.success) continue;
    const result = score(parsed.data);
    expect(numbersIn(result).filter((n) => !Number.isFinite(n))).toEqual([]);
    if (result.health.score !== null) expect(result.health.score).toBeGreaterThanOrEqual(0);
    if (result.health.score !== null) expect(result.health.score).toBeLessThanOrEqual(100);
  }
}

describe('resolvePolicy', () => {
  it('arbitrary JSON is a policy or a PolicyError naming its problems', () => {
    fc.assert(fc.property(fc.jsonValue(), check), RUNS);
    fc.assert(fc.property(fc.dictionary(fc.constantFrom('tiers', 'health', 'signals', 'playbook', 'handoff', 'renewal', 'other'), fc.jsonValue({ maxDepth: 3 })), check), RUNS);
  });

  it('edits of the example policy and of the full defaults are a policy or a PolicyError', () => {
    fc.assert(fc.property(fc.constantFrom(EXAMPLE, DEFAULTS as unknown), edits(fc.jsonValue({ maxDepth: 2 })), (doc, e) => check(applyEdits(doc, e))), RUNS);
  });
});

describe('scoring under a valid policy', () => {
  it('gives finite numbers only, for random policies and accounts of ordinary sizes', () => {
    fc.assert(fc.property(policies(boundedNumber), fc.array(accountRecord(boundedNumber), { minLength: 1, maxLength: 5 }), scoresFinite), { numRuns: 150 });
  });

  // Known overflow issue (issue 11, being fixed in policy-schema / explain on another branch):
  // health weights of 1e308 sum to Infinity, and meeting durations of 1e308 add up to Infinity
  // minutes. Only those two extremes are drawn here, so this fails for that reason alone; drop
  // `.fails` once the fix lands.
  it.fails('gives finite numbers only, with weights and meeting durations of 1e308 (known overflow)', () => {
    const huge = fc.constantFrom(1e308, Number.MAX_VALUE);
    const weights = fc.record({ usage: huge, engagement: huge, tickets: huge, nps: huge });
    const policy = weights.map((w) => resolvePolicy({ health: { weights: w } }));
    const meeting = fc.record({ type: fc.constant('meeting'), at: fc.constant(AS_OF - 86_400_000), durationMinutes: huge });
    const account = fc.record({ id: fc.constant('a'), featureUsage: fc.double({ min: 0, max: 1, noNaN: true }), nps: fc.integer({ min: -100, max: 100 }), activities: fc.array(meeting, { minLength: 2, maxLength: 3 }) });
    fc.assert(fc.property(policy, fc.array(account, { minLength: 1, maxLength: 2 }), scoresFinite), { numRuns: 50 });
  });
});
