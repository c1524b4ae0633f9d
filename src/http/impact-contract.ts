// The impact preview's contract, shared by the admin API (admin-impact.ts) and the console: what
// a request may carry and what the answers hold. The engine behind it may change; this may not.
import { z } from 'zod';

/** POST /api/connections/:id/impact: a draft policy (as PUT /policy takes) and/or mapping (as PUT /mapping takes). */
export const ImpactRequestSchema = z.object({ policy: z.record(z.string(), z.unknown()).optional(), mapping: z.record(z.string(), z.unknown()).optional() }).strict();
export type ImpactRequest = z.output<typeof ImpactRequestSchema>;

/** POST /api/connections/:id/accounts/:accountId/preview */
export const PreviewRequestSchema = z.object({ policy: z.record(z.string(), z.unknown()).optional() }).strict();
export type PreviewRequest = z.output<typeof PreviewRequestSchema>;

export interface Move {
  from: string;
  to: string;
  count: number;
  arr: number;
}

export interface MoverSide {
  score: number | null;
  band: string;
  tier: string;
  why: string;
}

export interface Impact {
  accounts: number;
  /** How long the preview took to compute. */
  ms: number;
  /** Accounts by band before -> after (unchanged ones too, from === to), with their ARR. */
  bands: Move[];
  tiers: Move[];
  signals: { signal: string; starts: number; stops: number }[];
  /** Tasks the draft would create, by kind. */
  tasks: { kind: string; count: number }[];
  movers: { accountId: string; name: string | null; before: MoverSide; after: MoverSide }[];
}

export interface PreviewSide {
  score: number | null;
  band: string;
  tier: string;
  why: string;
  explanation: { measures: { measure: string; value: number | null; subScore: number | null; weight: number; points: number | null }[] };
  signals: { signal: string; evidence: string }[];
  tasks: { kind: string; subject: string; dueAt: string }[];
}

export interface AccountPreview {
  before: PreviewSide;
  after: PreviewSide;
}
