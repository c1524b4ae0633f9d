// Properties of `crm-pulse score` input: however a byte stream is cut into chunks, the lines are
// those of splitting it whole; a line over the cap is rejected with its number; and every
// non-blank line either scores or is rejected with its number, never both, never neither.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitLines, type Lines } from '../../src/cli/line-split.ts';
import { scoreBatch } from '../../src/cli/score-batch.ts';
import { DEFAULTS } from '../../src/model/policy.ts';
import { createScorer } from '../../src/scoring/index.ts';
import { AS_OF, RUNS, accountRecord, edgeNumber } from './arbitraries.ts';

async function* chunked(bytes: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  let from = 0;
  for (const at of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
    yield bytes.subarray(from, at);
    from = at;
  }
  yield bytes.subarray(from);
}

async function collect(chunks: AsyncIterable<Buffer>, max: number): Promise<Lines[]> {
  const out: Lines[] = [];
  for await (const batch of splitLines(chunks, max)) out.push(batch);
  return out;
}

/** The lines of a whole buffer, cut at "\n", a trailing "\r" dropped, over-long ones by number. */
function reference(bytes: Buffer, max: number): { texts: Map<number, string>; rejects: number[] } {
  const texts = new Map<number, string>();
  const rejects: number[] = [];
  const parts: Buffer[] = [];
  for (let from = 0; from <= bytes.length; ) {
    const lf = bytes.indexOf(0x0a, from);
    parts.push(bytes.subarray(from, lf === -1 ? bytes.length : lf));
    if (lf === -1) break;
    from = lf + 1;
  }
  // After a final "\n" there is no line.
  if (parts.length > 0 && parts[parts.length - 1]!.length === 0) parts.pop();
  parts.forEach((raw, i) => {
    const line = raw.length > 0 && raw[raw.length - 1] === 0x0d ? raw.subarray(0, -1) : raw;
    if (line.length > max) rejects.push(i + 1);
    texts.set(i + 1, line.length > max ? '' : line.toString('utf8'));
  });
  return { texts, rejects };
}

function flatten(batches: Lines[]): { texts: Map<number, string>; rejects: number[] } {
  const texts = new Map<number, string>();
  for (const b of batches) b.texts.forEach((t, i) => texts.set(b.first + i, t));
  return { texts, rejects: batches.flatMap((b) => b.rejects.map((r) => r.no)) };
}

// Bytes rich in line ends, "\r" and invalid or multibyte UTF-8, the cases where a cut matters.
const bytes = fc
  .array(fc.oneof(fc.constantFrom(0x0a, 0x0d, 0xe2, 0x82, 0xac, 0xff, 0x7b), fc.integer({ min: 0, max: 255 })), { maxLength: 120 })
  .map((a) => Buffer.from(a));

describe('splitLines', () => {
  it('gives the same lines and rejects however the bytes are cut', async () => {
    await fc.assert(
      fc.asyncProperty(bytes, fc.array(fc.nat(), { maxLength: 8 }), fc.integer({ min: 1, max: 12 }), async (data, cuts, max) => {
        expect(flatten(await collect(chunked(data, cuts), max))).toEqual(reference(data, max));
      }),
      { numRuns: 300 },
    );
  });
});

describe('scoring JSONL lines', () => {
  const line = fc.oneof(
    { weight: 4, arbitrary: accountRecord(edgeNumber).map((r) => JSON.stringify(r)) },
    { weight: 1, arbitrary: fc.json() },
    { weight: 1, arbitrary: fc.string() },
    { weight: 1, arbitrary: fc.constantFrom('', '   ', '{', '{"id":""}', '[]', 'null') },
  );
  const score = createScorer(DEFAULTS, AS_OF);

  it('every non-blank line scores or is rejected with its number, and over-long lines are rejected', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 6 }), fc.integer({ min: 50, max: 4000 }), async (lines, cuts, max) => {
        const data = Buffer.from(lines.map((l) => `${l}\n`).join(''));
        let scored = 0;
        const rejected: number[] = [];
        const tooLong: number[] = [];
        for (const batch of await collect(chunked(data, cuts), max)) {
          tooLong.push(...batch.rejects.map((r) => r.no));
          const result = scoreBatch(batch, score, 'jsonl');
          expect(result.out.split('\n').filter(Boolean)).toHaveLength(result.scored);
          scored += result.scored;
          rejected.push(...result.rejects.map((r) => r.no));
          for (const r of result.rejects) expect(r.reason.length).toBeGreaterThan(0);
        }
        const nonBlank = lines.map((l, i) => ({ l, no: i + 1 })).filter(({ l }) => l.trim() !== '');
        expect(tooLong).toEqual(lines.flatMap((l, i) => (Buffer.byteLength(l) > max ? [i + 1] : [])));
        // A line is counted once: rejected (too long or unreadable) or scored.
        expect(new Set(rejected).size).toBe(rejected.length);
        for (const no of rejected) expect(no).toBeGreaterThanOrEqual(1);
        for (const no of rejected) expect(no).toBeLessThanOrEqual(lines.length);
        expect(scored + rejected.filter((no) => !tooLong.includes(no)).length).toBe(nonBlank.filter(({ l }) => Buffer.byteLength(l) <= max).length);
      }),
      RUNS,
    );
  });
});
