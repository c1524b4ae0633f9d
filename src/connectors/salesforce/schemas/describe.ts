// sObject Describe: an object's fields with their types, picklist values and whether the current
// user may edit them (field-level security hides what the user cannot read).
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
import { z } from 'zod';

export const PicklistValueSchema = z.object({
  value: z.string(),
  label: z.string().nullish(),
  active: z.boolean().nullish(),
  defaultValue: z.boolean().nullish(),
});

export const DescribeFieldSchema = z.object({
  name: z.string().min(1),
  label: z.string().nullish(),
  /** string, textarea, picklist, multipicklist, double, currency, percent, int, date, datetime, boolean, reference, id, ... */
  type: z.string().min(1),
  updateable: z.boolean().nullish(),
  createable: z.boolean().nullish(),
  /** Characters of a text field. */
  length: z.number().nullish(),
  /** Digits and decimal places of a double, currency or percent field; an int's digits. */
  precision: z.number().nullish(),
  scale: z.number().nullish(),
  digits: z.number().nullish(),
  /** plaintextarea / richtextarea for a textarea, among others. */
  extraTypeInfo: z.string().nullish(),
  /** Whether SOQL may filter on it (a Text Area cannot be). */
  filterable: z.boolean().nullish(),
  picklistValues: z.array(PicklistValueSchema).nullish(),
  restrictedPicklist: z.boolean().nullish(),
});
export type DescribeField = z.output<typeof DescribeFieldSchema>;

export const DescribeSchema = z.object({ name: z.string().min(1), fields: z.array(DescribeFieldSchema) });
export type Describe = z.output<typeof DescribeSchema>;
