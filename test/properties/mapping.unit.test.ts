// Properties of field mapping over arbitrary raw CRM values and arbitrary mapping documents: a
// transform never throws and gives either a value of the canonical field's kind or a reason; a
// mapped account always parses and holds only fields the record justified; a mapping document
// is a Mapping or a BAD_MAPPING ConnectionError, never another exception.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapAccount, type EffectiveMapping } from '../../src/connectors/mapping/apply.ts';
import { MAPPABLE, parseMapping, type FieldMapping, type MappableField } from '../../src/connectors/mapping/schema.ts';
import { applyTransform } from '../../src/connectors/mapping/transform.ts';
import { STANDARD_MAPPING as HUBSPOT_STANDARD } from '../../src/connectors/hubspot/standard-mapping.ts';
import { STANDARD_MAPPING as SALESFORCE_STANDARD } from '../../src/connectors/salesforce/standard-mapping.ts';
import { AccountSchema, ConnectionError, accountFields } from '../../src/model/index.ts';
import { RUNS, applyEdits, edits, numericText, rawValue, thrownBy } from './arbitraries.ts';

const FIELDS = Object.keys(MAPPABLE) as MappableField[];
const example = (name: string): unknown => JSON.parse(readFileSync(resolve(import.meta.dirname, '../../examples', name), 'utf8'));

/** A picklist target of the canonical kind a field needs. */
function canonicalOf(field: MappableField): fc.Arbitrary<string | number | boolean> {
  const kind = MAPPABLE[field];
  if (kind === 'number') return fc.double({ noNaN: true, noDefaultInfinity: true });
  if (kind === 'boolean') return fc.boolean();
  return fc.string();
}

/** A field mapping that parseMapping accepts for `field`: every transform that can feed it. */
function fieldMappingFor(field: MappableField): fc.Arbitrary<FieldMapping> {
  const kind = MAPPABLE[field];
  const property = fc.string({ minLength: 1, maxLength: 12 });
  const picklist = fc.record({ field: property, transform: fc.constant('picklist' as const), values: fc.dictionary(fc.string({ maxLength: 6 }), canonicalOf(field), { minKeys: 1, maxKeys: 4 }) });
  const plain = {
    string: ['string'],
    number: ['number', 'percent'],
    date: ['date'],
    boolean: ['boolean'],
  } as const;
  const simple = fc.record({ field: property, transform: fc.constantFrom(...plain[kind]) });
  return kind === 'date' ? simple : fc.oneof(simple, picklist);
}

const mappingArb: fc.Arbitrary<EffectiveMapping> = fc
  .uniqueArray(fc.constantFrom(...FIELDS), { minLength: 1, maxLength: FIELDS.length })
  .chain((fields) => fc.tuple(...fields.map((f) => fieldMappingFor(f).map((fm) => [f, fm] as const))))
  .map((pairs) => Object.fromEntries(pairs));

const isEmpty = (raw: unknown) => raw === null || raw === undefined || raw === '';

/** Whether a transform's value is of the kind its canonical field holds. */
function ofKind(field: MappableField, value: string | number | boolean): boolean {
  const kind = MAPPABLE[field];
  // A date is an instant a Date can hold: every later step formats it (toISOString throws past ±8.64e15 ms).
  if (kind === 'date') return typeof value === 'number' && accountFields[field].safeParse(value).success && !Number.isNaN(new Date(value).getTime());
  return typeof value === kind;
}

describe('mapping transforms', () => {
  it('never throw; give nothing for an empty value, a value of the field kind, or a reason', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FIELDS).chain((f) => fc.tuple(fc.constant(f), fieldMappingFor(f))),
        rawValue,
        ([field, fm], raw) => {
          const result = applyTransform(fm, raw);
          if (!result.ok) {
            expect(result.reason.length).toBeGreaterThan(0);
            return;
          }
          if (isEmpty(raw)) {
            expect(result.value).toBeNull();
            return;
          }
          expect(result.value).not.toBeNull();
          expect(ofKind(field, result.value!)).toBe(true);
          if (fm.transform === 'string') expect(result.value).toBe(String(raw));
          if (fm.transform === 'picklist') expect(result.value).toBe(fm.values![String(raw)]);
        },
      ),
      RUNS,
    );
  });

  // "1e400" looks numeric and Number() makes it Infinity: the transform must refuse it itself.
  it('number and percent give only finite numbers, even for huge exponents', () => {
    fc.assert(
      fc.property(fc.constantFrom<FieldMapping>({ field: 'f', transform: 'number' }, { field: 'f', transform: 'percent' }), numericText, (fm, raw) => {
        const result = applyTransform(fm, raw);
        if (result.ok && result.value !== null) expect(Number.isFinite(result.value)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('mapAccount', () => {
  const rawRecord = (mapping: EffectiveMapping) =>
    fc.dictionary(fc.constantFrom(...Object.values(mapping).map((m) => m!.field), 'unmapped'), rawValue, { maxKeys: 8 });

  const accountProperty = (mappings: fc.Arbitrary<EffectiveMapping>) =>
    fc.property(
      fc.string({ minLength: 1, maxLength: 8 }),
      mappings.chain((m) => fc.tuple(fc.constant(m), rawRecord(m))),
      (id, [mapping, raw]) => {
        const { account, problems } = mapAccount(id, raw, mapping);
        expect(AccountSchema.safeParse(account).success).toBe(true);
        expect(account.id).toBe(id);
        // Only mapped fields, and only from a value the record holds.
        for (const key of Object.keys(account)) {
          if (key === 'id') continue;
          const fm = mapping[key as MappableField];
          expect(fm).toBeDefined();
          expect(isEmpty(raw[fm!.field])).toBe(false);
        }
        for (const p of problems) {
          expect(p.accountId).toBe(id);
          expect(mapping[p.field]?.field).toBe(p.property);
          expect(p.reason.length).toBeGreaterThan(0);
          expect(p.field in account).toBe(false);
        }
        // Every value the record holds for a mapped field is either mapped or reported.
        for (const [field, fm] of Object.entries(mapping) as [MappableField, FieldMapping][]) {
          const reported = problems.filter((p) => p.field === field).length;
          const mapped = field in account ? 1 : 0;
          expect(mapped + reported).toBe(isEmpty(raw[fm.field]) ? 0 : 1);
        }
      },
    );

  it('always gives an account the model parses, holding only what the record justified', () => {
    fc.assert(accountProperty(mappingArb), RUNS);
  });

  it('does the same over the standard and example mappings of both CRMs', () => {
    const hubspot = { ...HUBSPOT_STANDARD, ...parseMapping(example('mapping.hubspot.json')).account };
    const salesforce = { ...SALESFORCE_STANDARD, ...parseMapping(example('mapping.salesforce.json')).account };
    fc.assert(accountProperty(fc.constantFrom(hubspot, salesforce)), RUNS);
  });
});

describe('parseMapping', () => {
  /** A Mapping, or BAD_MAPPING naming its problems; anything else thrown fails the property. */
  function check(doc: unknown): void {
    const error = thrownBy(() => parseMapping(doc));
    if (error === undefined) {
      // What is accepted can feed its fields: each transform yields the canonical kind.
      const mapping = parseMapping(doc);
      for (const [field, fm] of Object.entries(mapping.account) as [MappableField, FieldMapping][]) {
        for (const raw of ['7', 'true', '2026-01-02', fm.transform === 'picklist' ? Object.keys(fm.values!)[0] : 'x']) {
          const result = applyTransform(fm, raw);
          if (result.ok && result.value !== null) expect(ofKind(field, result.value)).toBe(true);
        }
      }
      return;
    }
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe('BAD_MAPPING');
    expect((error as Error).message).toMatch(/is invalid:\n {2}\S/);
  }

  it('arbitrary JSON is a mapping or a BAD_MAPPING naming its problems', () => {
    fc.assert(fc.property(fc.jsonValue(), check), RUNS);
    fc.assert(fc.property(fc.dictionary(fc.constantFrom(...FIELDS, 'other'), fc.jsonValue({ maxDepth: 2 })).map((account) => ({ account })), check), RUNS);
  });

  it('edits of the example mappings are a mapping or a BAD_MAPPING', () => {
    fc.assert(fc.property(fc.constantFrom(example('mapping.hubspot.json'), example('mapping.salesforce.json')), edits(fc.jsonValue({ maxDepth: 2 })), (doc, e) => check(applyEdits(doc, e))), RUNS);
  });
});
