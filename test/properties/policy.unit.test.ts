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

  // Weights or durations past any sane size (1e308, the largest double) are refused at the edge,
  // with the range, instead of adding up to Infinity in the score.
  it('refuses weights and meeting durations of 1e308, naming the range', () => {
    const huge = fc.constantFrom(1e308, Number.MAX_VALUE);
    fc.assert(
      fc.property(fc.record({ usage: huge, engagement: huge, tickets: huge, nps: huge }), (w) => {
        const error = thrownBy(() => resolvePolicy({ health: { weights: w } }));
        expect(error).toBeInstanceOf(PolicyError);
        expect((error as PolicyError).problems).toContain('health.weights.usage: must be a number from 0 to 1,000,000');
      }),
      { numRuns: 20 },
    );
    fc.assert(
      fc.property(huge, (minutes) => {
        const parsed = AccountRecordSchema.safeParse({ id: 'a', activities: [{ type: 'meeting', at: AS_OF - 86_400_000, durationMinutes: minutes }] });
        expect(parsed.success).toBe(false);
      }),
      { numRuns: 20 },
    );
  });
});
