// The API versions the sandbox portal serves: HubSpot's dated paths (/crm/objects/2026-09/...),
// each with the rules of its version, and nothing under the undated /crm/v3, /crm/v4 and /oauth/v1
// that HubSpot retires (v4 on 2027-03-30, v1-v3 in September 2027). HubSpot has not published
// what a retired path answers; the sandbox answers 404, as HubSpot answers a path it does not
// route, naming the dated path to call instead.
import { HUBSPOT_API_VERSIONS, type HubSpotApiVersion } from '../../model/index.ts';
import type { SandboxAnswer } from '../model.ts';
import { hsError } from './errors.ts';

/** A route under one of HubSpot's dated APIs, `/crm/{api}/{version}{rest}`: the version is the match's first group. */
export function dated(api: 'objects' | 'associations' | 'properties' | 'pipelines' | 'owners', rest: string): RegExp {
  return new RegExp(`^/crm/${api}/(${HUBSPOT_API_VERSIONS.join('|')})${rest}$`);
}

export const versionOf = (m: RegExpMatchArray): HubSpotApiVersion => m[1] as HubSpotApiVersion;

/** From 2026-09 HubSpot applies a portal's validation rules to API writes, as to edits in its UI. */
export const enforcesValidationRules = (v: HubSpotApiVersion): boolean => v !== '2026-03';

/** Up to 2026-03 a batch with per-record errors answers 207; the 2026-09 specs document one 200 / 201 carrying errors[]. */
export const batchStatus = (v: HubSpotApiVersion, status: number, errors: number): number => (errors > 0 && v === '2026-03' ? 207 : status);

const UNDATED = /^\/(?:crm\/v\d+|oauth\/v1)\//;

/** The answer to a retired undated path, or null for any other path. */
export function retired(method: string, path: string): SandboxAnswer | null {
  if (!UNDATED.test(path)) return null;
  return hsError(404, 'NOT_FOUND', `${method} ${path} is not served: HubSpot retires its undated v1-v4 APIs in 2027; call the dated API (for example /crm/objects/${HUBSPOT_API_VERSIONS[0]}/companies)`);
}
