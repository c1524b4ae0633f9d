// What a CRM sandbox answers with, whatever the CRM: a request in, an answer out. The HTTP layer
// (http-server.ts) adds the faults; each CRM's model holds its records and rules.

export interface SandboxRequest {
  method: string;
  url: URL;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The parsed JSON body, the raw text when it is not JSON, or null when empty. */
  body: unknown;
}

export interface SandboxAnswer {
  status: number;
  /** Sent as JSON, or as is when a string (CSV). */
  body: unknown;
  headers?: Record<string, string>;
}

export interface SandboxModel {
  answer(request: SandboxRequest): SandboxAnswer;
  /** The CRM's answer when its short-term rate limit is spent (the 429 storm of faults.ts). */
  throttled(request: SandboxRequest): SandboxAnswer;
  /** The CRM's answer when it fails on its side (the 5xx share of faults.ts). */
  unavailable(request: SandboxRequest, status: number): SandboxAnswer;
}
