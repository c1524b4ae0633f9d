// The scoring policy's shape (DOMAIN.md, docs/policy.md): every setting, its range and the
// message an admin sees when a value is out of it. Defaults and merging live in policy.ts.
import { z } from 'zod';
import { CANONICAL_FIELDS } from './account.ts';
import { aboveZero, between, growthPercent, MAX_MONEY, rangeMessage, wholeBetween } from './numbers.ts';

// Every number has a finite range, so no sum or product the rules compute from the policy can
// overflow: four weights of at most 1,000,000 sum to at most 4,000,000; a window of at most
// 3,650 days (ten years) stays far inside the dates JavaScript can hold.
export const MAX_WEIGHT = 1_000_000;
export const MAX_DAYS = 3650;

const weight = between(0, MAX_WEIGHT);
const score = between(0, 100);
const penalty = between(0, 100, ' points');
const share = between(0, 1);
const days = wholeBetween(1, MAX_DAYS, ' days');
const daysOrNone = wholeBetween(0, MAX_DAYS, ' days');
const nps = between(-100, 100);
const cac = between(0, MAX_MONEY);
/** Meeting and call minutes a tier aims for over the engagement window. */
const target = between(1, 1_000_000, ' minutes');
// A number a tier rule compares with. Any JSON number is taken here (1e400 arrives as Infinity)
// so that the range check below can name the range instead of a bare "invalid input".
const anyNumber = z.custom<number>((v) => typeof v === 'number');
const conditionRange = rangeMessage(-MAX_MONEY, MAX_MONEY);

export const COMPARISONS = ['>', '>=', '<', '<=', '==', '!=', 'in', 'exists', 'missing'] as const;

const ConditionSchema = z
  .object({
    field: z.enum(CANONICAL_FIELDS as [string, ...string[]], { message: `must be a canonical field (${CANONICAL_FIELDS.join(', ')})` }),
    op: z.enum(COMPARISONS, { message: `must be one of ${COMPARISONS.join(' ')}` }),
    value: z.union([anyNumber, z.string(), z.boolean(), z.array(z.union([z.string(), anyNumber]))]).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const needsNumber = c.op === '>' || c.op === '>=' || c.op === '<' || c.op === '<=';
    if (needsNumber && typeof c.value !== 'number') ctx.addIssue({ code: 'custom', path: ['value'], message: `must be a number for "${c.op}"` });
    const numbers = Array.isArray(c.value) ? c.value : [c.value];
    numbers.forEach((n, i) => {
      if (typeof n === 'number' && !(Math.abs(n) <= MAX_MONEY)) {
        ctx.addIssue({ code: 'custom', path: Array.isArray(c.value) ? ['value', i] : ['value'], message: conditionRange });
      }
    });
    if (c.op === 'in' && !Array.isArray(c.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: 'must be a list for "in"' });
    if ((c.op === '==' || c.op === '!=') && (c.value === undefined || Array.isArray(c.value))) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `must be a single value for "${c.op}"` });
    }
  });
export type Condition = z.output<typeof ConditionSchema>;

const tierName = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lower-case letters, digits or _ (at most 40), starting with a letter');

/** Tier names in rule order, then the fallback; these are the options of the tier picklist. */
export function tierNames(p: Pick<Policy, 'tiers'>): string[] {
  const names = p.tiers.rules.map((r) => r.tier);
  names.push(p.tiers.fallback);
  return [...new Set(names)];
}

export const PolicySchema = z
  .object({
    tiers: z
      .object({
        preset: z.enum(['annual_payment', 'value_growth', 'custom']),
        rules: z.array(z.object({ tier: tierName, when: z.array(ConditionSchema) }).strict()).min(1, 'needs at least one rule'),
        fallback: tierName,
      })
      .strict(),
    industryGrowth: z.record(z.string(), growthPercent),
    health: z
      .object({
        weights: z
          .object({ usage: weight, engagement: weight, tickets: weight, nps: weight })
          .strict()
          .refine((w) => w.usage + w.engagement + w.tickets + w.nps > 0, 'must sum to more than 0'),
        bands: z
          .object({ healthy: score, watch: score })
          .strict()
          .refine((b) => b.watch <= b.healthy, 'watch must not be above healthy'),
        minWeightShare: z.number({ message: 'must be a number from 0 to below 1' }).min(0, 'must be a number from 0 to below 1').lt(1, 'must be a number from 0 to below 1'),
        engagement: z
          .object({ windowDays: days, targets: z.record(z.string(), target), defaultTarget: target })
          .strict(),
        tickets: z
          .object({
            windowDays: days,
            openHighPenalty: penalty,
            openOtherPenalty: penalty,
            risingPenalty: penalty,
            highPriorities: z.array(z.string().min(1)),
          })
          .strict(),
        nps: z.object({ scale: z.enum(['account', 'response']) }).strict(),
      })
      .strict(),
    signals: z
      .object({
        noLogin: z.object({ days, byTier: z.record(z.string(), days) }).strict(),
        ticketsRising: z.object({ windowDays: days, ratio: aboveZero(1000), minCount: wholeBetween(1, 1_000_000, ' tickets') }).strict(),
        npsDrop: z.object({ points: aboveZero(200, ' points'), responseAtMost: between(0, 10) }).strict(),
        healthDrop: z.object({ points: aboveZero(100, ' points') }).strict(),
      })
      .strict(),
    snapshots: z.object({ lookbackDays: days, toleranceDays: daysOrNone }).strict(),
    renewal: z
      .object({ upcomingDays: days, dueDays: daysOrNone })
      .strict()
      .refine((r) => r.dueDays <= r.upcomingDays, 'dueDays must not be above upcomingDays'),
    expansion: z.object({ minHealth: score, minUsage: share }).strict(),
    playbook: z
      .object({
        rescue: z
          .object({
            onBands: z.array(z.enum(['healthy', 'watch', 'at_risk'])),
            signalTiers: z.array(z.string()),
            dueBusinessDays: wholeBetween(0, MAX_DAYS, ' business days'),
            dedupeDays: daysOrNone,
            subject: z.string().min(1).max(120),
            recommendation: z.string().max(2000),
          })
          .strict(),
        renewal: z.object({ subject: z.string().min(1).max(120), body: z.string().max(2000), dueDays: daysOrNone }).strict(),
      })
      .strict(),
    handoff: z
      .object({
        ownerDueHours: aboveZero(MAX_DAYS * 24, ' hours'),
        validationDueDays: days,
        lookbackDays: daysOrNone,
        subject: z.string().min(1).max(120),
        validationSubject: z.string().min(1).max(120),
        items: z.array(z.string().min(1).max(300)).min(1, 'needs at least one checklist item').max(50),
      })
      .strict(),
    lifecycle: z.object({ loyalMinWins: wholeBetween(1, 10_000, ' deals'), loyalMinNps: nps }).strict(),
    segments: z
      .object({
        rfm: z.object({ windowDays: days }).strict(),
        kmeans: z.object({ k: wholeBetween(2, 20), seed: wholeBetween(0, 2 ** 32 - 1), maxIterations: wholeBetween(1, 10_000) }).strict(),
      })
      .strict(),
    backtest: z
      .object({
        horizonDays: days,
        months: wholeBetween(1, 120, ' months'),
        stepDays: days,
        renewalGraceDays: daysOrNone,
        renewalLookbackDays: daysOrNone,
      })
      .strict(),
    retention: z
      .object({
        windowDays: days,
        grossMargin: between(0, 1),
        maxLifetimeYears: between(0, 100, ' years'),
        /** Customer acquisition cost: one number, one per tier, or none (then LTV/CAC and payback are not shown). */
        cac: z.union([z.null(), cac, z.record(z.string(), cac)]),
      })
      .strict(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const tiers = tierNames(p);
    const check = (keys: Iterable<string>, path: (string | number)[]) => {
      for (const key of keys) {
        if (!tiers.includes(key)) {
          ctx.addIssue({ code: 'custom', path: [...path, key], message: `"${key}" is not a tier of tiers.rules (tiers: ${tiers.join(', ')})` });
        }
      }
    };
    check(Object.keys(p.health.engagement.targets), ['health', 'engagement', 'targets']);
    check(Object.keys(p.signals.noLogin.byTier), ['signals', 'noLogin', 'byTier']);
    if (p.retention.cac !== null && typeof p.retention.cac === 'object') check(Object.keys(p.retention.cac), ['retention', 'cac']);
    p.playbook.rescue.signalTiers.forEach((t, i) => {
      if (!tiers.includes(t)) ctx.addIssue({ code: 'custom', path: ['playbook', 'rescue', 'signalTiers', i], message: `"${t}" is not a tier of tiers.rules (tiers: ${tiers.join(', ')})` });
    });
  });

export type Policy = z.output<typeof PolicySchema>;

type DeepPartial<T> = T extends readonly (infer U)[] ? U[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;
export type PolicyInput = DeepPartial<Policy>;
