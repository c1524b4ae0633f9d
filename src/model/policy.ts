// The scoring policy: the merge of an admin's partial policy over the defaults, and
// validation that names every problem by path and rule (e.g. `health.weights: must sum to more than 0`).
import { z } from 'zod';
import { DEFAULT_POLICY, TIER_PRESETS } from './policy-defaults.ts';
import { ConnectionError } from './errors.ts';
import { PolicySchema, type Policy } from './policy-schema.ts';

export { COMPARISONS, PolicySchema, tierNames, type Condition, type Policy, type PolicyInput } from './policy-schema.ts';

/** A policy that does not validate: it stops the connection it belongs to until an admin fixes it. */
export class PolicyError extends ConnectionError {
  readonly problems: string[];
  constructor(problems: string[], source = 'policy') {
    super('BAD_POLICY', `${source} is invalid:\n  ${problems.join('\n  ')}`);
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
