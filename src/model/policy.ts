// The scoring policy: zod schema, the merge of an admin's partial policy over the defaults, and
// validation that names every problem by path and rule (e.g. `health.weights: must sum to more than 0`).
import { z } from 'zod';
import { CANONICAL_FIELDS } from './account.ts';
import { DEFAULT_POLICY, TIER_PRESETS } from './policy-defaults.ts';

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

/** Tier names in rule order, then the fallback; these are the options of the tier picklist. */
export function tierNames(p: Pick<Policy, 'tiers'>): string[] {
  const names = p.tiers.rules.map((r) => r.tier);
  names.push(p.tiers.fallback);
  return [...new Set(names)];
}

export class PolicyError extends Error {
  readonly problems: string[];
  constructor(problems: string[], source = 'policy') {
    super(`${source} is invalid:\n  ${problems.join('\n  ')}`);
    this.name = 'PolicyError';
    this.problems = problems;
  }
}

/** `a.b.0.c: message` lines for every zod issue. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
}

// Records keyed by tier name: a preset's replace the defaults (other tier names), an admin's merge.
const TIER_KEYED = new Set(['health.engagement.targets', 'signals.noLogin.byTier']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function merge(base: unknown, over: unknown, replaceTierKeyed: boolean, path = ''): unknown {
  if (over === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  if (replaceTierKeyed && TIER_KEYED.has(path)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    out[key] = merge(base[key], value, replaceTierKeyed, path ? `${path}.${key}` : key);
  }
  return out;
}

/**
 * An admin's own tier rules bring their own tier names: the defaults keyed by the preset's names
 * would only be errors, so they are dropped and the admin's own settings (if any) apply.
 */
function dropForeignTierDefaults(base: Policy, rules: unknown[], fallback: unknown): void {
  const names = new Set(rules.map((r) => (isPlainObject(r) ? r.tier : undefined)));
  names.add(typeof fallback === 'string' ? fallback : base.tiers.fallback);
  const keep = <T>(rec: Record<string, T>) => Object.fromEntries(Object.entries(rec).filter(([k]) => names.has(k)));
  base.health = { ...base.health, engagement: { ...base.health.engagement, targets: keep(base.health.engagement.targets) } };
  base.signals = { ...base.signals, noLogin: { ...base.signals.noLogin, byTier: keep(base.signals.noLogin.byTier) } };
  base.playbook = { ...base.playbook, rescue: { ...base.playbook.rescue, signalTiers: base.playbook.rescue.signalTiers.filter((t) => names.has(t)) } };
}

/**
 * Merges a partial policy over the defaults of its tier preset and validates the result. Throws a
 * PolicyError naming every problem; unknown keys are problems too, so a typo is never ignored.
 */
export function resolvePolicy(partial: unknown = {}, source = 'policy'): Policy {
  if (!isPlainObject(partial)) throw new PolicyError(['(root): must be a JSON object'], source);
  const tiers = isPlainObject(partial.tiers) ? partial.tiers : {};
  const preset = tiers.preset ?? (tiers.rules !== undefined ? 'custom' : 'annual_payment');
  const presetPart = preset === 'value_growth' ? TIER_PRESETS.value_growth : TIER_PRESETS.annual_payment;
  const base = merge(DEFAULT_POLICY, presetPart, true) as Policy;
  if (Array.isArray(tiers.rules)) dropForeignTierDefaults(base, tiers.rules, tiers.fallback);
  const merged = merge(base, { ...partial, tiers: { ...tiers, preset } }, false) as Policy;
  // Tiers without a target (e.g. `unknown`) use the `standard` target unless the admin sets one.
  const engagement = isPlainObject(partial.health) && isPlainObject(partial.health.engagement) ? partial.health.engagement : {};
  const standard = merged.health?.engagement?.targets?.standard;
  if (engagement.defaultTarget === undefined && typeof standard === 'number') {
    merged.health = { ...merged.health, engagement: { ...merged.health.engagement, defaultTarget: standard } };
  }
  const parsed = PolicySchema.safeParse(merged);
  if (!parsed.success) throw new PolicyError(describeIssues(parsed.error), source);
  return parsed.data;
}

export const DEFAULTS: Policy = resolvePolicy({});
