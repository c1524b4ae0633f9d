// The CRMs crm-pulse connects to, and a connector's resume point as the rest of crm-pulse sees
// it: opaque JSON that the store keeps and only the connector that wrote it looks inside.

export const CRM_KINDS = ['hubspot', 'salesforce'] as const;
export type CrmKind = (typeof CRM_KINDS)[number];

/** A connector's own resume point, JSON; it validates its own and falls back to a full load. */
export type Checkpoint = Readonly<Record<string, unknown>>;
