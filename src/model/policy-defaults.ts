// The default scoring policy: every number of DOMAIN.md lives here and only here. Presets are the
// built-in tier policies; an admin's partial policy file is merged over the chosen preset.
import type { PolicyInput } from './policy-schema.ts';

export const HANDOFF_ITEMS = [
  'Decision chain: economic buyer, decision makers, influencers',
  'Core needs and business goals',
  'Key pain points',
  'Competitor comparison and why we won',
  'Success criteria / KPIs agreed',
  'Key contacts and champion',
  'Scope sold and special terms or promises',
  'Implementation timeline and milestones',
  'Risks and open issues from the sale',
  'Budget owner and renewal expectations',
];

export const DEFAULT_POLICY: PolicyInput = {
  tiers: {
    preset: 'annual_payment',
    rules: [
      { tier: 'strategic', when: [{ field: 'arr', op: '>=', value: 1_000_000 }] },
      { tier: 'growth', when: [{ field: 'arr', op: '>=', value: 100_000 }] },
      { tier: 'standard', when: [{ field: 'arr', op: '<', value: 100_000 }] },
    ],
    fallback: 'unknown',
  },
  industryGrowth: {},
  health: {
    weights: { usage: 40, engagement: 30, tickets: 20, nps: 10 },
    bands: { healthy: 80, watch: 60 },
    minWeightShare: 0.5,
    engagement: { windowDays: 90, targets: { strategic: 240, growth: 120, standard: 60 }, defaultTarget: 60 },
    tickets: {
      windowDays: 90,
      openHighPenalty: 15,
      openOtherPenalty: 5,
      risingPenalty: 20,
      highPriorities: ['HIGH', 'URGENT', 'High', 'Critical'],
    },
    nps: { scale: 'account' },
  },
  signals: {
    noLogin: { days: 30, byTier: {} },
    ticketsRising: { windowDays: 30, ratio: 1.5, minCount: 3 },
    npsDrop: { points: 20, responseAtMost: 6 },
    healthDrop: { points: 15 },
  },
  snapshots: { lookbackDays: 30, toleranceDays: 7 },
  renewal: { upcomingDays: 90, dueDays: 30 },
  expansion: { minHealth: 80, minUsage: 0.8 },
  playbook: {
    rescue: {
      onBands: ['at_risk'],
      signalTiers: ['strategic', 'growth'],
      dueBusinessDays: 2,
      dedupeDays: 14,
      subject: 'Advisor call-back',
      recommendation: 'Review the account with the customer and recommend unlocking value-added features that fit their goals.',
    },
    renewal: {
      subject: 'Renewal re-survey',
      body: 'Review needs, growth pains and the expansion plan with the customer before the contract ends.',
      dueDays: 7,
    },
  },
  handoff: {
    ownerDueHours: 72,
    validationDueDays: 30,
    lookbackDays: 30,
    subject: 'Sales-to-CSM handoff checklist',
    validationSubject: 'Validate customer requirements',
    items: HANDOFF_ITEMS,
  },
  lifecycle: { loyalMinWins: 2, loyalMinNps: 80 },
  segments: {
    rfm: { windowDays: 730 },
    kmeans: { k: 4, seed: 42, maxIterations: 100 },
  },
  backtest: { horizonDays: 90, months: 12, stepDays: 30, renewalGraceDays: 30, renewalLookbackDays: 90 },
  retention: { windowDays: 365, grossMargin: 0.8, maxLifetimeYears: 10, cac: null },
};

/** Parts of the policy a built-in tier preset replaces; the rest keeps the defaults. */
export const TIER_PRESETS: Record<'annual_payment' | 'value_growth', PolicyInput> = {
  annual_payment: {},
  value_growth: {
    tiers: {
      preset: 'value_growth',
      rules: [
        {
          tier: 'high',
          when: [
            { field: 'arr', op: '>', value: 100_000 },
            { field: 'industryGrowth', op: '>', value: 15 },
          ],
        },
        { tier: 'mid', when: [{ field: 'arr', op: '>=', value: 50_000 }] },
      ],
      fallback: 'low',
    },
    health: { engagement: { targets: { high: 240, mid: 120, low: 60 } } },
    playbook: { rescue: { signalTiers: ['high', 'mid'] } },
  },
};
