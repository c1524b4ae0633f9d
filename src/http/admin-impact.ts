// STAND-IN for the impact-preview engine built beside the console (issue 14): the console codes
// against its contract (impact-contract.ts), and this file is replaced by the real engine when the
// two are merged. It re-scores the cached portfolio under the current and the draft settings with
// the scoring engine itself, so its counts are exact; unlike the real engine it reads the
// accounts' history from the CRM.
//   POST /api/connections/:id/impact                         { policy?, mapping? } -> Impact
//   POST /api/connections/:id/accounts/:accountId/preview    { policy? } -> { before, after }
import { Router } from 'express';
import { z } from 'zod';
import { mappingProblems, MappingSchema, type Mapping } from '../connectors/index.ts';
import { type Account, DAY_MS, describeIssues, PolicyError, resolvePolicy, type Policy } from '../model/index.ts';
import { createScorer, type ScoreResult } from '../scoring/index.ts';
import type { ConnectionContext } from '../sync/index.ts';
import { knownConnection } from './admin-connection.ts';
import type { HttpDeps } from './deps.ts';
import { HttpError } from './errors.ts';
import { ImpactRequestSchema, PreviewRequestSchema, type AccountPreview, type Impact, type ImpactRequest, type Move, type PreviewSide } from './impact-contract.ts';
import { parseInput } from './validate.ts';

const MOVERS = 20;
const AccountPath = z.object({ accountId: z.string().min(1).max(64) }).loose();

function draftPolicy(partial: unknown): Policy {
  try {
    return resolvePolicy(partial);
  } catch (error) {
    if (error instanceof PolicyError) throw new HttpError(422, 'BAD_POLICY', error.problems);
    throw error;
  }
}

async function draftMapping(ctx: ConnectionContext, doc: unknown): Promise<Mapping> {
  const parsed = MappingSchema.safeParse(doc);
  if (!parsed.success) throw new HttpError(422, 'BAD_MAPPING', describeIssues(parsed.error));
  const problems = mappingProblems(parsed.data, await ctx.connector.accountFields(), `the CRM's ${ctx.kind === 'hubspot' ? 'HubSpot companies' : 'accounts'}`);
  if (problems.length > 0) throw new HttpError(422, 'BAD_MAPPING', problems);
  return parsed.data;
}

/** Each account scored under the current and the draft settings, as of the server's now. */
async function scoreBoth(deps: HttpDeps, ctx: ConnectionContext, ids: readonly string[], draft: { policy: Policy; mapping: Mapping | null }) {
  const asOf = deps.asOf ?? deps.now();
  const cached = await deps.store.accounts.getMany(ctx.id, ids);
  const accounts = ids.flatMap((id) => cached.get(id) ?? []);
  const remapped: Map<string, Account> = draft.mapping
    ? new Map((await ctx.connector.readAccountsById(draft.mapping, accounts.map((a) => a.id))).map((m) => [m.account.id, m.account]))
    : cached;
  const history = await ctx.connector.readHistory(accounts.map((a) => a.id), asOf, ctx.policy);
  const { lookbackDays, toleranceDays } = ctx.policy.snapshots;
  const snapshots = await deps.store.snapshots.getMany(ctx.id, ids, { from: asOf - (lookbackDays + toleranceDays) * DAY_MS, to: asOf - lookbackDays * DAY_MS });
  const tasks = await deps.store.tasks.forAccounts(ctx.id, ids);
  const before = createScorer(ctx.policy, asOf);
  const after = createScorer(draft.policy, asOf);
  return accounts.map((account) => {
    const rest = { activities: history.get(account.id)?.activities ?? [], deals: history.get(account.id)?.deals ?? [], snapshots: snapshots.get(account.id) ?? [], tasks: tasks.get(account.id) ?? [] };
    return { account, before: before({ ...account, ...rest }), after: after({ ...(remapped.get(account.id) ?? account), ...rest }) };
  });
}

function moves(pairs: { from: string; to: string; arr: number }[]): Move[] {
  const out = new Map<string, Move>();
  for (const p of pairs) {
    const key = `${p.from}\u0000${p.to}`;
    const m = out.get(key) ?? { from: p.from, to: p.to, count: 0, arr: 0 };
    m.count += 1;
    m.arr += p.arr;
    out.set(key, m);
  }
  return [...out.values()];
}

const side = (r: ScoreResult) => ({ score: r.health.score, band: r.health.band, tier: r.tier, why: r.why });

export async function impactOf(deps: HttpDeps, connectionId: string, request: ImpactRequest): Promise<Impact> {
  const started = performance.now();
  const ctx = await deps.contexts.get(connectionId);
  const policy = request.policy ? draftPolicy(request.policy) : ctx.policy;
  const mapping = request.mapping ? await draftMapping(ctx, request.mapping) : null;
  const scored = await scoreBoth(deps, ctx, await deps.store.accounts.ids(ctx.id), { policy, mapping });
  const signals = new Map<string, { starts: number; stops: number }>();
  const tasks = new Map<string, number>();
  for (const { before, after } of scored) {
    const was = new Set(before.signals.map((s) => s.code));
    const is = new Set(after.signals.map((s) => s.code));
    for (const code of new Set([...was, ...is])) {
      const s = signals.get(code) ?? { starts: 0, stops: 0 };
      if (is.has(code) && !was.has(code)) s.starts += 1;
      if (was.has(code) && !is.has(code)) s.stops += 1;
      signals.set(code, s);
    }
    for (const t of after.tasks) tasks.set(t.kind, (tasks.get(t.kind) ?? 0) + 1);
  }
  const moved = (x: (typeof scored)[number]) => (x.before.health.band !== x.after.health.band ? 1000 : 0) + (x.before.tier !== x.after.tier ? 1000 : 0) + Math.abs((x.after.health.score ?? 0) - (x.before.health.score ?? 0));
  return {
    accounts: scored.length,
    ms: Math.round(performance.now() - started),
    bands: moves(scored.map((x) => ({ from: x.before.health.band, to: x.after.health.band, arr: x.account.arr ?? 0 }))),
    tiers: moves(scored.map((x) => ({ from: x.before.tier, to: x.after.tier, arr: x.account.arr ?? 0 }))),
    signals: [...signals].map(([signal, s]) => ({ signal, ...s })).filter((s) => s.starts + s.stops > 0),
    tasks: [...tasks].map(([kind, count]) => ({ kind, count })),
    movers: scored
      .filter((x) => moved(x) > 0)
      .sort((a, b) => moved(b) - moved(a))
      .slice(0, MOVERS)
      .map((x) => ({ accountId: x.account.id, name: x.account.name ?? null, before: side(x.before), after: side(x.after) })),
  };
}

function previewSide(r: ScoreResult): PreviewSide {
  return {
    ...side(r),
    explanation: { measures: r.health.measures.map((m) => ({ measure: m.name, value: m.raw, subScore: m.subScore, weight: m.weight, points: m.points })) },
    signals: r.signals.map((s) => ({ signal: s.code, evidence: s.evidence })),
    tasks: r.tasks.map((t) => ({ kind: t.kind, subject: t.subject, dueAt: new Date(t.dueAt).toISOString() })),
  };
}

export async function previewAccount(deps: HttpDeps, connectionId: string, accountId: string, request: { policy?: unknown }): Promise<AccountPreview> {
  const ctx = await deps.contexts.get(connectionId);
  const policy = request.policy ? draftPolicy(request.policy) : ctx.policy;
  const [x] = await scoreBoth(deps, ctx, [accountId], { policy, mapping: null });
  if (!x) throw new HttpError(404, 'NOT_SCORED', [`account ${accountId} is not in the cache of connection ${connectionId}: run a sync first`]);
  return { before: previewSide(x.before), after: previewSide(x.after) };
}

export function adminImpact(deps: HttpDeps): Router {
  const router = Router();
  router.post('/connections/:id/impact', async (req, res) => {
    const c = await knownConnection(deps, req);
    res.json(await impactOf(deps, c.id, parseInput(ImpactRequestSchema, req.body, 'body')));
  });
  router.post('/connections/:id/accounts/:accountId/preview', async (req, res) => {
    const c = await knownConnection(deps, req);
    const { accountId } = parseInput(AccountPath, req.params, 'path');
    res.json(await previewAccount(deps, c.id, accountId, parseInput(PreviewRequestSchema, req.body, 'body')));
  });
  return router;
}
