// The impact preview's answers as the console reads them (admin-impact.ts makes them from the
// engine's, pipeline/impact.ts and account-preview.ts). The engine behind it may change; this may not.
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
