// The field-mapping file: canonical account fields mapped to CRM fields with a transform
// (DOMAIN.md section 8). The same format serves HubSpot properties and Salesforce Account fields.
import { z } from 'zod';
import { describeIssues, ConnectionError } from '../../model/index.ts';

export const TRANSFORMS = ['string', 'number', 'percent', 'date', 'boolean', 'picklist'] as const;
export type Transform = (typeof TRANSFORMS)[number];

/** Canonical fields an admin may map, and the kind of value each must end up as. */
export const MAPPABLE = {
  name: 'string',
  ownerId: 'string',
  csmOwnerId: 'string',
  industry: 'string',
  annualRevenue: 'number',
  employees: 'number',
  arr: 'number',
  contractEnd: 'date',
  featureUsage: 'number',
  lastLoginAt: 'date',
  nps: 'number',
  industryGrowth: 'number',
  inTrial: 'boolean',
  referrals: 'number',
  churnedAt: 'date',
} as const;
export type MappableField = keyof typeof MAPPABLE;
export type ValueKind = (typeof MAPPABLE)[MappableField];

const FieldMappingSchema = z
  .object({
    field: z.string().min(1, 'must name the CRM field'),
    transform: z.enum(TRANSFORMS, { message: `must be one of ${TRANSFORMS.join(', ')}` }),
    values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.transform === 'picklist' && (!m.values || Object.keys(m.values).length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: 'a picklist transform needs a "values" map from CRM value to canonical value' });
    }
    if (m.transform !== 'picklist' && m.values) ctx.addIssue({ code: 'custom', path: ['values'], message: 'only a picklist transform takes "values"' });
  });
export type FieldMapping = z.output<typeof FieldMappingSchema>;

// What each transform produces, to check it can feed the canonical field.
const PRODUCES: Record<Exclude<Transform, 'picklist'>, ValueKind> = {
  string: 'string',
  number: 'number',
  percent: 'number',
  date: 'date',
  boolean: 'boolean',
};

export const MappingSchema = z
  .object({
    account: z.partialRecord(z.enum(Object.keys(MAPPABLE) as [MappableField, ...MappableField[]]), FieldMappingSchema).default({}),
  })
  .strict()
  .superRefine((m, ctx) => {
    for (const [canonical, fm] of Object.entries(m.account) as [MappableField, FieldMapping][]) {
      const want = MAPPABLE[canonical];
      if (fm.transform === 'picklist') {
        for (const [from, to] of Object.entries(fm.values ?? {})) {
          const ok = want === 'date' ? false : want === 'number' ? typeof to === 'number' : want === 'boolean' ? typeof to === 'boolean' : typeof to === 'string';
          if (!ok) ctx.addIssue({ code: 'custom', path: ['account', canonical, 'values', from], message: `must map to a ${want} for ${canonical}` });
        }
      } else if (PRODUCES[fm.transform] !== want) {
        ctx.addIssue({
          code: 'custom',
          path: ['account', canonical, 'transform'],
          message: `"${fm.transform}" gives a ${PRODUCES[fm.transform]} but ${canonical} needs a ${want}; use ${want === 'number' ? '"number" or "percent"' : `"${want}"`}`,
        });
      }
    }
  });
export type Mapping = z.output<typeof MappingSchema>;

/** Parses a mapping document; a bad one stops the connection with every problem named. */
export function parseMapping(doc: unknown, source = 'mapping'): Mapping {
  const parsed = MappingSchema.safeParse(doc);
  if (!parsed.success) {
    throw new ConnectionError('BAD_MAPPING', `${source} is invalid:\n  ${describeIssues(parsed.error).join('\n  ')}`);
  }
  return parsed.data;
}
