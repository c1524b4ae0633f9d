// Generators shared by the property suites: the raw values a CRM or an admin can hand crm-pulse,
// biased towards the edges (numeric-looking text, huge exponents, values beyond the Date range,
// NaN and Infinity, nested objects) that hand-written examples miss.
import fc from 'fast-check';

/** Bounded runs: the whole property suite stays well under 20 s on two cores. */
export const RUNS = { numRuns: 200 } as const;

// CI runs one fixed seed, so a submission lands or not on its own code, never on the draw; a
// developer's run draws a new seed each time (printed with any failure) unless FC_SEED names one.
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20_261_203 : undefined;
if (seed !== undefined) fc.configureGlobal({ seed });

/** Text a CRM sends where a number is meant, from plain to absurd. */
export const numericText: fc.Arbitrary<string> = fc.oneof(
  fc.double().map(String),
  fc.integer().map(String),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc.tuple(fc.integer({ min: -999, max: 999 }), fc.integer({ min: -500, max: 500 })).map(([m, e]) => `${m}e${e}`),
  fc.constantFrom('1e400', '-1e400', '1e308', '1e-400', '9'.repeat(400), ' 42 ', '.5', '5.', '0x10', '1_000', '+1', '-0', 'NaN', 'Infinity'),
);

/** Date-ish text: ISO shapes, impossible calendar days, years past the Date range, epoch digits. */
export const dateText: fc.Arbitrary<string> = fc.oneof(
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String),
  fc.constantFrom('2026-02-31', '2026-13-01', '275760-09-14', '2026-11-05T10:00:00+02:00', '2026-11-05T24:00:00Z', '0000-01-01', '9999-12-31T23:59:59.999Z'),
);

/** Numbers at the edges of IEEE 754 and of the Date range. */
export const edgeNumber: fc.Arbitrary<number> = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e308, -1e308, 8.64e15, 8.64e15 + 1, -8.64e15 - 1, 1e17, -0, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER),
);

/** Any raw value a field can hold: scalars of every kind, objects and arrays. */
export const rawValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  numericText,
  dateText,
  edgeNumber,
  fc.boolean(),
  fc.constantFrom(null, undefined, '', 'true', 'FALSE', 'yes', ' no ', '1', '0'),
  fc.object({ maxDepth: 2 }),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
);

/** Every number inside a value (an object walked to its leaves). */
export function numbersIn(value: unknown, out: number[] = []): number[] {
  if (typeof value === 'number') out.push(value);
  else if (Array.isArray(value)) for (const v of value) numbersIn(v, out);
  else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) numbersIn(v, out);
  return out;
}

/** Runs `fn` and returns what it threw, or undefined. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

type Path = (string | number)[];
type Container = Record<string | number, unknown>;

const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

function pathsOf(doc: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (isContainer(doc)) for (const [k, v] of Object.entries(doc)) pathsOf(v, [...at, Array.isArray(doc) ? Number(k) : k], out);
  return out;
}

/** One edit of a JSON document: a value replaced, a key deleted or a key added, anywhere in it. */
export interface Edit {
  pick: number;
  op: 'set' | 'delete' | 'add';
  key: string;
  value: unknown;
}

export function applyEdits(doc: unknown, list: readonly Edit[]): unknown {
  let out = structuredClone(doc);
  for (const e of list) {
    const paths = pathsOf(out);
    const path = paths[e.pick % paths.length]!;
    if (path.length === 0) {
      if (e.op === 'set') out = structuredClone(e.value);
      continue;
    }
    const parent = path.slice(0, -1).reduce((o: unknown, k) => (o as Container)[k], out) as Container;
    const last = path[path.length - 1]!;
    const target = parent[last];
    if (e.op === 'set') parent[last] = structuredClone(e.value);
    else if (e.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else if (isContainer(target) && !Array.isArray(target)) target[e.key] = structuredClone(e.value);
  }
  return out;
}

/** Edits whose new values come from `values` (so a caller can bound the numbers they hold). */
export function edits(values: fc.Arbitrary<unknown>): fc.Arbitrary<Edit[]> {
  const op = fc.constantFrom<Edit['op']>('set', 'set', 'delete', 'add');
  return fc.array(fc.record({ pick: fc.nat(), op, key: fc.string({ maxLength: 12 }), value: values }), { minLength: 1, maxLength: 4 });
}

/** The as-of instant of the scoring properties; generated dates cluster around it. */
export const AS_OF = Date.parse('2026-12-01T12:00:00Z');
const DAY = 86_400_000;

/** An instant as a CRM or a JSONL file holds it: epoch ms or ISO text near AS_OF, or `edges`. */
function instantArb(edges: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const near = fc.integer({ min: -900 * DAY, max: 400 * DAY }).map((d) => AS_OF + d);
  return fc.oneof({ weight: 4, arbitrary: near }, { weight: 2, arbitrary: near.map((ms) => new Date(ms).toISOString()) }, { weight: 1, arbitrary: edges });
}

/**
 * A JSONL account (AccountRecordSchema's input), mostly valid so that most of them score, with
 * numbers drawn from `numbers` where the model allows any (money, counts, durations).
 */
export function accountRecord(numbers: fc.Arbitrary<number>): fc.Arbitrary<Record<string, unknown>> {
  const instant = instantArb(fc.oneof(numbers, dateText));
  const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
  const text = fc.string({ maxLength: 8 });
  const meeting = fc.record({ type: fc.constantFrom('meeting', 'call'), at: instant, durationMinutes: fc.oneof(fc.nat(600), numbers), id: opt(text) });
  const message = fc.record({ type: fc.constantFrom('email', 'note'), at: instant, ownerId: opt(text) });
  const ticket = fc.record({ type: fc.constant('ticket'), createdAt: instant, status: fc.constantFrom('open', 'closed'), priority: opt(fc.constantFrom('HIGH', 'LOW', 'URGENT')) });
  const deal = fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), won: fc.boolean(), closedAt: opt(instant), amount: opt(numbers), ownerId: opt(text) });
  const snapshot = fc.record({ date: instant, score: opt(fc.oneof(fc.integer({ min: 0, max: 100 }), numbers)), nps: opt(fc.oneof(fc.integer({ min: -100, max: 100 }), numbers)) });
  const task = fc.record({
    key: fc.string({ minLength: 1, maxLength: 6 }),
    kind: fc.constantFrom('renewal', 'rescue', 'handoff', 'validation'),
    status: fc.constantFrom('open', 'completed'),
    createdAt: instant,
    dealId: opt(fc.string({ minLength: 1, maxLength: 4 })),
  });
  return fc.record(
    {
      id: fc.string({ minLength: 1, maxLength: 6 }),
      name: opt(text),
      ownerId: opt(text),
      csmOwnerId: opt(text),
      industry: opt(fc.constantFrom('Retail', 'Logistics', 'Computer Software', 'Energy')),
      annualRevenue: opt(numbers),
      employees: opt(numbers),
      arr: opt(numbers),
      contractEnd: opt(instant),
      featureUsage: opt(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), numbers)),
      lastLoginAt: opt(instant),
      nps: opt(fc.oneof(fc.integer({ min: -100, max: 100 }), numbers)),
      industryGrowth: opt(numbers),
      inTrial: opt(fc.boolean()),
      referrals: opt(fc.oneof(fc.nat(20), numbers)),
      activities: fc.array(fc.oneof(meeting, message, ticket), { maxLength: 8 }),
      deals: fc.array(deal, { maxLength: 3 }),
      snapshots: fc.array(snapshot, { maxLength: 3 }),
      tasks: fc.array(task, { maxLength: 3 }),
    },
    { requiredKeys: ['id'] },
  );
}

/** Numbers of an ordinary size, positive and negative, whole and not. */
export const boundedNumber: fc.Arbitrary<number> = fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }));
