// Properties of what the CRMs answer, over arbitrary JSON: every HubSpot and Salesforce answer
// schema only ever reports a parse error; records that parse map to canonical activities and
// deals built only from fields they hold; Bulk API CSV reads back what was written or throws a
// SyntaxError; a SOQL literal never lets its value out of its quotes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorsByInput } from '../../src/connectors/hubspot/batch-errors.ts';
import { hsTime } from '../../src/connectors/hubspot/hs-values.ts';
import type { StageStates } from '../../src/connectors/hubspot/pipelines.ts';
import * as hsAssociations from '../../src/connectors/hubspot/schemas/associations.ts';
import * as hsErrors from '../../src/connectors/hubspot/schemas/errors.ts';
import * as hsOauth from '../../src/connectors/hubspot/schemas/oauth.ts';
import * as hsObjects from '../../src/connectors/hubspot/schemas/objects.ts';
import * as hsPipelines from '../../src/connectors/hubspot/schemas/pipelines.ts';
import * as hsProperties from '../../src/connectors/hubspot/schemas/properties.ts';
import * as hsWebhook from '../../src/connectors/hubspot/schemas/webhook.ts';
import { HISTORY_PROPERTIES, toActivity, toDeal } from '../../src/connectors/hubspot/to-activity.ts';
import { parseCsv } from '../../src/connectors/salesforce/csv.ts';
import * as sfBulk from '../../src/connectors/salesforce/schemas/bulk.ts';
import * as sfComposite from '../../src/connectors/salesforce/schemas/composite.ts';
import * as sfDescribe from '../../src/connectors/salesforce/schemas/describe.ts';
import * as sfErrors from '../../src/connectors/salesforce/schemas/errors.ts';
import * as sfOauth from '../../src/connectors/salesforce/schemas/oauth.ts';
import * as sfQuery from '../../src/connectors/salesforce/schemas/query.ts';
import * as sfRecords from '../../src/connectors/salesforce/schemas/records.ts';
import * as sfSave from '../../src/connectors/salesforce/schemas/save.ts';
import { inStatements, quote } from '../../src/connectors/salesforce/soql.ts';
import { caseToActivity, eventToActivity, opportunityToDeal, taskToActivity } from '../../src/connectors/salesforce/to-activity.ts';
import { ConnectionError } from '../../src/model/index.ts';
import { ActivitySchema, DealSchema } from '../../src/model/activity.ts';
import { RUNS, dateText, numericText, thrownBy } from './arbitraries.ts';

const MODULES = { hsAssociations, hsErrors, hsOauth, hsObjects, hsPipelines, hsProperties, hsWebhook, sfBulk, sfComposite, sfDescribe, sfErrors, sfOauth, sfQuery, sfRecords, sfSave };
const SCHEMAS = Object.entries(MODULES).flatMap(([m, exports]) => Object.entries(exports).filter((e): e is [string, z.ZodType] => e[1] instanceof z.ZodType).map(([name, s]) => [`${m}.${name}`, s] as const));

/** Every string inside a JSON value, keys included. */
function stringsIn(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) stringsIn(v, out.add(k));
  }
  return out;
}

describe('answer schemas', () => {
  it('cover every schema module (a new schema joins this list by being exported)', () => {
    expect(SCHEMAS.length).toBeGreaterThan(25);
  });

  it('never throw on arbitrary JSON: a schema parses or reports its issues', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (doc) => {
        for (const [, schema] of SCHEMAS) {
          const parsed = schema.safeParse(doc);
          if (!parsed.success) expect(parsed.error.issues.length).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });

  it('error bodies give back only codes and messages the body holds', () => {
    const errorish = fc.oneof(
      fc.jsonValue(),
      fc.array(fc.record({ errorCode: fc.option(fc.string()), message: fc.option(fc.string()), fields: fc.option(fc.array(fc.string())) }, { requiredKeys: [] })),
      fc.record({ error: fc.string(), error_description: fc.option(fc.string()), message: fc.option(fc.string()), category: fc.option(fc.string()) }, { requiredKeys: [] }),
    );
    fc.assert(
      fc.property(errorish, (doc) => {
        const held = stringsIn(doc);
        const sf = sfErrors.parseErrorBody(doc);
        if (sf.code !== null) expect(held.has(sf.code)).toBe(true);
        // Salesforce's messages of a list are joined with "; ".
        if (sf.message !== null) for (const part of sf.message.split('; ')) expect([...held].some((s) => s.includes(part))).toBe(true);
        const hs = hsErrors.parseErrorBody(doc);
        for (const v of [hs.message, hs.category, hs.errorType, hs.status]) if (typeof v === 'string') expect(held.has(v)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('HubSpot records to activities and deals', () => {
  const value = fc.option(fc.oneof(dateText, numericText, fc.string({ maxLength: 6 }), fc.constantFrom('true', 'false', 'HIGH', 'closedwon')), { nil: null });
  const allProperties = [...new Set(Object.values(HISTORY_PROPERTIES).flat())];
  const record = fc.record(
    {
      id: fc.oneof(fc.string({ maxLength: 4 }), fc.integer()),
      properties: fc.option(fc.dictionary(fc.constantFrom(...allProperties), value), { nil: null }),
      createdAt: fc.option(dateText, { nil: null }),
      updatedAt: fc.option(dateText, { nil: null }),
    },
    { requiredKeys: ['id'] },
  );
  const stages: fc.Arbitrary<StageStates> = fc.record({
    ticketClosed: fc.dictionary(fc.string({ maxLength: 3 }), fc.boolean()).map((d) => new Map(Object.entries(d))),
    dealWon: fc.dictionary(fc.string({ maxLength: 3 }), fc.boolean()).map((d) => new Map(Object.entries(d))),
  });

  it('map to the canonical model, placed in time only by a time the record holds', () => {
    fc.assert(
      fc.property(record, stages, fc.constantFrom('meetings', 'calls', 'tickets') satisfies fc.Arbitrary<Exclude<keyof typeof HISTORY_PROPERTIES, 'deals'>>, (raw, st, type) => {
        const parsed = hsObjects.HsObjectSchema.safeParse(raw);
        if (!parsed.success) return;
        const r = parsed.data;
        const times = new Set([...Object.values(r.properties ?? {}), r.createdAt].map((v) => hsTime(v)).filter((t) => t !== undefined));
        const activity = toActivity(type, r, st, () => {});
        if (activity === null) return;
        expect(ActivitySchema.safeParse(activity).success).toBe(true);
        expect(activity.id).toBe(r.id);
        expect(times.has(activity.type === 'ticket' ? activity.createdAt : activity.at)).toBe(true);
        if (activity.ownerId !== null && activity.ownerId !== undefined) expect(activity.ownerId).toBe(r.properties?.hubspot_owner_id);
      }),
      RUNS,
    );
    fc.assert(
      fc.property(record, stages, (raw, st) => {
        const parsed = hsObjects.HsObjectSchema.safeParse(raw);
        if (!parsed.success) return;
        const p = parsed.data.properties ?? {};
        const deal = toDeal(parsed.data, st, () => {});
        expect(DealSchema.safeParse(deal).success).toBe(true);
        if (deal.amount !== null) expect(deal.amount).toBe(Number(p.amount));
        if (deal.name !== null) expect(deal.name).toBe(p.dealname);
        if (deal.closedAt !== null) expect([hsTime(p.closedate), hsTime(parsed.data.updatedAt)]).toContain(deal.closedAt);
      }),
      RUNS,
    );
  });

  it('batch errors name only the ids their contexts hold, and lose none', () => {
    const context = fc.dictionary(fc.constantFrom('objectWriteTraceId', 'ids', 'name', 'other'), fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }));
    const errors = fc.array(fc.record({ category: fc.option(fc.string()), message: fc.option(fc.string()), context: fc.option(context) }, { requiredKeys: [] }), { maxLength: 5 });
    fc.assert(
      fc.property(errors, (raw) => {
        const parsed = hsObjects.BatchObjectsSchema.safeParse({ results: [], errors: raw });
        if (!parsed.success) return;
        const { byId, other } = errorsByInput(parsed.data.errors);
        const named = (e: (typeof raw)[number]) => [...(e.context?.objectWriteTraceId ?? []), ...(e.context?.ids ?? []), ...(e.context?.name ?? [])];
        const ids = new Set(raw.flatMap(named));
        for (const id of byId.keys()) expect(ids.has(id)).toBe(true);
        expect(byId.size).toBe(ids.size);
        expect(other.length).toBe(raw.filter((e) => named(e).length === 0).length);
      }),
      RUNS,
    );
  });
});

describe('Salesforce records to activities and deals', () => {
  const sfId = fc.stringMatching(/^[a-zA-Z0-9]{18}$/);
  const field = fc.option(fc.oneof(dateText, fc.string({ maxLength: 6 }), fc.double(), fc.integer(), fc.boolean(), fc.constantFrom('Call', 'Email', 'ListEmail', 'High')), { nil: null });
  const record = fc.record({
    Id: fc.oneof(sfId, fc.string({ maxLength: 4 })),
    AccountId: fc.option(sfId, { nil: null }),
    OwnerId: field,
    TaskSubtype: field,
    Type: field,
    CallDurationInSeconds: field,
    ActivityDate: field,
    CompletedDateTime: field,
    CreatedDate: field,
    StartDateTime: field,
    EndDateTime: field,
    DurationInMinutes: field,
    IsAllDayEvent: field,
    IsClosed: field,
    Priority: field,
    Name: field,
    Amount: field,
    CloseDate: field,
    IsWon: field,
  });
  const mappers = [
    ['Task', sfRecords.TaskRecordSchema, taskToActivity],
    ['Event', sfRecords.EventRecordSchema, eventToActivity],
    ['Case', sfRecords.CaseRecordSchema, caseToActivity],
    ['Opportunity', sfRecords.OpportunityRecordSchema, opportunityToDeal],
  ] as const;

  it('readRecords gives records or the named SALESFORCE_UNEXPECTED_ANSWER; mapped ones are canonical', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 3 }), (records) => {
        for (const [what, schema, map] of mappers) {
          const error = thrownBy(() => sfRecords.readRecords(what, schema, records));
          if (error !== undefined) {
            expect(error).toBeInstanceOf(ConnectionError);
            expect((error as ConnectionError).code).toBe('SALESFORCE_UNEXPECTED_ANSWER');
            continue;
          }
          for (const r of sfRecords.readRecords(what, schema, records)) {
            const out = (map as (x: typeof r, report: () => void) => unknown)(r, () => {});
            if (out === null) continue;
            expect((what === 'Opportunity' ? DealSchema : ActivitySchema).safeParse(out).success).toBe(true);
            // Each field of the result comes from the record: no value made up.
            const held = Object.values(r);
            for (const [k, v] of Object.entries(out as Record<string, unknown>)) {
              if (v === null || typeof v === 'boolean' || k === 'type' || k === 'status') continue;
              if (typeof v === 'string') expect(held).toContain(v);
            }
          }
        }
      }),
      RUNS,
    );
  });
});

describe('Bulk API CSV', () => {
  const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é'), maxLength: 6 });
  /** RFC 4180, as Bulk API 2.0 writes it: a field quoted when it must be (or at random), every row ended. */
  const encode = (rows: string[][], quoteAll: boolean, eol: string) =>
    rows.map((row) => row.map((f) => (quoteAll || /[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',') + eol).join('');

  it('reads back the records that were written', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }).chain((header) => fc.tuple(fc.constant(header), fc.array(fc.array(cell, { minLength: header.length, maxLength: header.length }), { maxLength: 5 }))),
        fc.boolean(),
        fc.constantFrom('\n', '\r\n'),
        ([header, rows], quoteAll, eol) => {
          const records = parseCsv(encode([header, ...rows], quoteAll, eol));
          expect(records).toEqual(rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))));
        },
      ),
      RUNS,
    );
  });

  it('arbitrary text is records or a SyntaxError', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', 'x') }), (text) => {
        const error = thrownBy(() => parseCsv(text));
        if (error !== undefined) expect(error).toBeInstanceOf(SyntaxError);
      }),
      RUNS,
    );
  });
});

describe('SOQL literals', () => {
  /** Reads one quoted SOQL literal from the start of `soql`: its value and where it ends. */
  function readLiteral(soql: string, from = 0): { value: string; end: number } {
    expect(soql[from]).toBe("'");
    let value = '';
    for (let i = from + 1; i < soql.length; i++) {
      const c = soql[i]!;
      if (c === "'") return { value, end: i + 1 };
      if (c === '\\') {
        const next = soql[++i];
        // The escapes SOQL knows; any other after a backslash is a syntax error in Salesforce.
        expect(['\\', "'", '"', 'n', 'r', 't', 'b', 'f', '_', '%']).toContain(next);
        value += next;
      } else value += c;
    }
    throw new Error(`unterminated literal: ${soql}`);
  }

  const text = fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom("'", '\\', '"', 'a', '%', '_', ' ') }), fc.string({ unit: 'binary' }));

  it('a literal ends at its last quote and reads back as the value; control characters are refused', () => {
    fc.assert(
      fc.property(text, (value) => {
        if (/[\n\r\t\f\b]/.test(value)) {
          expect(() => quote(value)).toThrow(RangeError);
          return;
        }
        const literal = quote(value);
        const read = readLiteral(literal);
        expect(read.end).toBe(literal.length);
        expect(read.value).toBe(value);
      }),
      RUNS,
    );
  });

  it('IN lists hold every value once, within the length limit', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom("'", '\\', 'a', 'b', ',', ')'), maxLength: 8 }), { maxLength: 20 }), fc.integer({ min: 20, max: 80 }), (values, max) => {
        const head = 'SELECT Id FROM Account WHERE Id';
        const error = thrownBy(() => inStatements(head, values, '', head.length + max));
        if (error !== undefined) {
          expect(error).toBeInstanceOf(RangeError);
          return;
        }
        const seen: string[] = [];
        for (const soql of inStatements(head, values, '', head.length + max)) {
          expect(soql.length).toBeLessThanOrEqual(head.length + max);
          expect(soql.startsWith(`${head} IN (`)).toBe(true);
          let at = `${head} IN (`.length;
          for (;;) {
            const { value, end } = readLiteral(soql, at);
            seen.push(value);
            if (soql[end] === ')') {
              expect(end).toBe(soql.length - 1);
              break;
            }
            expect(soql[end]).toBe(',');
            at = end + 1;
          }
        }
        expect(seen).toEqual([...new Set(values)]);
      }),
      RUNS,
    );
  });
});
