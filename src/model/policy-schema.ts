// The scoring policy's shape (DOMAIN.md, docs/policy.md): every setting, its range and the
// message an admin sees when a value is out of it. Defaults and merging live in policy.ts.
import { z } from 'zod';
import { CANONICAL_FIELDS } from './account.ts';

const nonNegative = z.number().finite().min(0, 'must be 0 or more');
const positiveInt = z.number().int('must be a whole number').min(1, 'must be 1 or more');
const share = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');

export const COMPARISONS = ['>', '>=', '<', '<=', '==', '!=', 'in', 'exists', 'missing'] as const;

const ConditionSchema = z
  .object({
    field: z.enum(CANONICAL_FIELDS as [string, ...string[]], { message: `must be a canonical field (${CANONICAL_FIELDS.join(', ')})` }),
    op: z.enum(COMPARISONS, { message: `must be one of ${COMPARISONS.join(' ')}` }),
    value: z.union([z.number(), z.string(), z.boolean(), z.array(z.union([z.string(), z.number()]))]).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const needsNumber = c.op === '>' || c.op === '>=' || c.op === '<' || c.op === '<=';
    if (needsNumber && typeof c.value !== 'number') ctx.addIssue({ code: 'custom', path: ['value'], message: `must be a number for "${c.op}"` });
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
    industryGrowth: z.record(z.string(), z.number().finite()),
    health: z
      .object({
        weights: z
          .object({ usage: nonNegative, engagement: nonNegative, tickets: nonNegative, nps: nonNegative })
          .strict()
          .refine((w) => w.usage + w.engagement + w.tickets + w.nps > 0, 'must sum to more than 0'),
        bands: z
          .object({ healthy: z.number().min(0).max(100), watch: z.number().min(0).max(100) })
          .strict()
          .refine((b) => b.watch <= b.healthy, 'watch must not be above healthy'),
        minWeightShare: z.number().min(0, 'must be between 0 and 1').lt(1, 'must be below 1'),
        engagement: z
          .object({ windowDays: positiveInt, targets: z.record(z.string(), z.number().positive('must be more than 0')), defaultTarget: z.number().positive('must be more than 0') })
          .strict(),
        tickets: z
          .object({
            windowDays: positiveInt,
            openHighPenalty: nonNegative,
            openOtherPenalty: nonNegative,
            risingPenalty: nonNegative,
            highPriorities: z.array(z.string().min(1)),
          })
          .strict(),
        nps: z.object({ scale: z.enum(['account', 'response']) }).strict(),
      })
      .strict(),
    signals: z
      .object({
        noLogin: z.object({ days: positiveInt, byTier: z.record(z.string(), positiveInt) }).strict(),
        ticketsRising: z.object({ windowDays: positiveInt, ratio: z.number().positive('must be more than 0'), minCount: positiveInt }).strict(),
        npsDrop: z.object({ points: z.number().positive('must be more than 0'), responseAtMost: z.number().min(0).max(10) }).strict(),
        healthDrop: z.object({ points: z.number().positive('must be more than 0') }).strict(),
      })
      .strict(),
    snapshots: z.object({ lookbackDays: positiveInt, toleranceDays: z.number().int().min(0) }).strict(),
    renewal: z
      .object({ upcomingDays: positiveInt, dueDays: z.number().int().min(0) })
      .strict()
      .refine((r) => r.dueDays <= r.upcomingDays, 'dueDays must not be above upcomingDays'),
    expansion: z.object({ minHealth: z.number().min(0).max(100), minUsage: share }).strict(),
    playbook: z
      .object({
        rescue: z
          .object({
            onBands: z.array(z.enum(['healthy', 'watch', 'at_risk'])),
            signalTiers: z.array(z.string()),
            dueBusinessDays: z.number().int().min(0),
            dedupeDays: z.number().int().min(0),
            subject: z.string().min(1).max(120),
            recommendation: z.string().max(2000),
          })
          .strict(),
        renewal: z.object({ subject: z.string().min(1).max(120), body: z.string().max(2000), dueDays: z.number().int().min(0) }).strict(),
      })
      .strict(),
    handoff: z
      .object({
        ownerDueHours: z.number().positive('must be more than 0'),
        validationDueDays: positiveInt,
        lookbackDays: z.number().int().min(0),
        subject: z.string().min(1).max(120),
        validationSubject: z.string().min(1).max(120),
        items: z.array(z.string().min(1).max(300)).min(1, 'needs at least one checklist item').max(50),
      })
      .strict(),
    lifecycle: z.object({ loyalMinWins: positiveInt, loyalMinNps: z.number().min(-100).max(100) }).strict(),
    segments: z
      .object({
        rfm: z.object({ windowDays: positiveInt }).strict(),
        kmeans: z.object({ k: z.number().int().min(2).max(20), seed: z.number().int(), maxIterations: positiveInt }).strict(),
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
    p.playbook.rescue.signalTiers.forEach((t, i) => {
      if (!tiers.includes(t)) ctx.addIssue({ code: 'custom', path: ['playbook', 'rescue', 'signalTiers', i], message: `"${t}" is not a tier of tiers.rules (tiers: ${tiers.join(', ')})` });
    });
  });

export type Policy = z.output<typeof PolicySchema>;

type DeepPartial<T> = T extends readonly (infer U)[] ? U[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;
export type PolicyInput = DeepPartial<Policy>;
