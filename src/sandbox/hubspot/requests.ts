// zod schemas of the request bodies the sandbox portal accepts, after the official 2026-09 specs
// (HubSpot/HubSpot-public-api-spec-collection, PublicApiSpecs/CRM/.../2026-09/...; 2026-03 takes
// the same bodies): a body that does not follow them is refused with a 400, as HubSpot refuses a
// malformed request.
import { z } from 'zod';

const id = z.string().min(1);
const propertyValues = z.record(z.string(), z.string());

/** BatchReadInputSimplePublicObjectId. */
export const BatchReadSchema = z
  .object({ properties: z.array(z.string()), propertiesWithHistory: z.array(z.string()), idProperty: z.string().optional(), inputs: z.array(z.object({ id }).strict()) })
  .strict();

/** BatchInputSimplePublicObjectBatchInput (SimplePublicObjectBatchInput). */
export const BatchUpdateSchema = z
  .object({ inputs: z.array(z.object({ id, idProperty: z.string().optional(), objectWriteTraceId: z.string().optional(), properties: propertyValues }).strict()) })
  .strict();

const AssociationSpecSchema = z.object({ associationCategory: z.enum(['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED']), associationTypeId: z.number().int() }).strict();

/** BatchInputSimplePublicObjectBatchInputForCreate (SimplePublicObjectInputForCreate). */
export const BatchCreateSchema = z
  .object({
    inputs: z.array(
      z
        .object({
          properties: propertyValues,
          associations: z.array(z.object({ to: z.object({ id }).strict(), types: z.array(AssociationSpecSchema).min(1) }).strict()),
          objectWriteTraceId: z.string().optional(),
        })
        .strict(),
    ),
  })
  .strict();

export const OPERATORS = ['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN'] as const;

export const FilterSchema = z
  .object({ propertyName: z.string().min(1), operator: z.enum(OPERATORS), value: z.string().optional(), highValue: z.string().optional(), values: z.array(z.string()).optional() })
  .strict();
export type Filter = z.output<typeof FilterSchema>;

/**
 * PublicObjectSearchRequest. The spec types `sorts` as strings, but the API takes
 * {propertyName, direction} objects (the documented form), so both are read.
 */
export const SearchSchema = z
  .object({
    query: z.string().max(3_000).optional(),
    limit: z.number().int().min(1).optional(),
    after: z.string().optional(),
    sorts: z.array(z.union([z.string(), z.object({ propertyName: z.string(), direction: z.enum(['ASCENDING', 'DESCENDING']) }).strict()])).optional(),
    properties: z.array(z.string()).optional(),
    filterGroups: z.array(z.object({ filters: z.array(FilterSchema) }).strict()).optional(),
  })
  .strict();
export type Search = z.output<typeof SearchSchema>;

/** Associations BatchInputPublicFetchAssociationsBatchRequest. */
export const AssociationReadSchema = z.object({ inputs: z.array(z.object({ id, after: z.string().optional() }).strict()) }).strict();

/** OptionInput: the dated specs require displayOrder, which v3 left optional. */
const OptionSchema = z.object({ label: z.string(), value: z.string(), description: z.string().optional(), displayOrder: z.number().int(), hidden: z.boolean() }).strict();

/** PropertyCreate (the dated specs dropped v3's display hints and currency fields). */
export const PropertyCreateSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must start with a letter and hold lower-case letters, digits and underscores'),
    label: z.string().min(1),
    type: z.enum(['string', 'number', 'date', 'datetime', 'enumeration', 'bool', 'phone_number']),
    fieldType: z.enum(['text', 'textarea', 'number', 'date', 'select', 'radio', 'checkbox', 'booleancheckbox', 'file', 'html', 'calculation_equation', 'phonenumber']),
    groupName: z.string().min(1),
    description: z.string().optional(),
    options: z.array(OptionSchema).optional(),
    displayOrder: z.number().int().optional(),
    hasUniqueValue: z.boolean().optional(),
    hidden: z.boolean().optional(),
    formField: z.boolean().optional(),
  })
  .strict();
export const PropertyBatchCreateSchema = z.object({ inputs: z.array(PropertyCreateSchema) }).strict();

/** PropertyUpdate. */
export const PropertyUpdateSchema = PropertyCreateSchema.omit({ name: true, hasUniqueValue: true }).partial().strict();

/** PropertyGroupCreate. */
export const GroupCreateSchema = z.object({ name: z.string().regex(/^[a-z][a-z0-9_]*$/), label: z.string().min(1), displayOrder: z.number().int().optional() }).strict();
