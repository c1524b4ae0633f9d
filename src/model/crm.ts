// The CRMs crm-pulse connects to, and a connector's resume point as the rest of crm-pulse sees
// it: opaque JSON that the store keeps and only the connector that wrote it looks inside.

export const CRM_KINDS = ['hubspot', 'salesforce'] as const;
export type CrmKind = (typeof CRM_KINDS)[number];

/**
 * HubSpot's date-versioned APIs crm-pulse speaks (HUBSPOT_API_VERSION), newest first: the first
 * is the default. HubSpot ends v4 on 2027-03-30 and v1-v3 in September 2027, so crm-pulse calls
 * no undated path. 2026-09 is the first version that enforces a portal's validation rules on
 * API writes; 2026-03 is kept for a portal that must stay on the rules of before.
 */
export const HUBSPOT_API_VERSIONS = ['2026-09', '2026-03'] as const;
export type HubSpotApiVersion = (typeof HUBSPOT_API_VERSIONS)[number];

/** A connector's own resume point, JSON; it validates its own and falls back to a full load. */
export type Checkpoint = Readonly<Record<string, unknown>>;
