// The JSONL line splitter, fed hand-cut chunks: characters and "\r\n" split across chunks stay
// whole, a last line without "\n" is read, and an over-long line is a reject with its number
// while the lines after it are read. Unit: no file, no child process.
import { describe, expect, it } from 'vitest';
import { splitLines, type Lines } from '../../src/cli/line-split.ts';

async function* chunksOf(parts: (string | Buffer)[]): AsyncGenerator<Buffer> {
  for (const p of parts) yield typeof p === 'string' ? Buffer.from(p) : p;
}

async function collect(parts: (string | Buffer)[], max?: number): Promise<{ lines: Map<number, string>; rejects: Lines['rejects'] }> {
  const lines = new Map<number, string>();
  const rejects: Lines['rejects'] = [];
  for await (const batch of splitLines(chunksOf(parts), max)) {
    batch.texts.forEach((t, i) => lines.set(batch.first + i, t));
    rejects.push(...batch.rejects);
  }
  return { lines, rejects };
}

/** Every way of cutting `bytes` in two, and in single bytes. */
function cuts(bytes: Buffer): Buffer[][] {
  const out: Buffer[][] = [];
  for (let i = 0; i <= bytes.length; i++) out.push([bytes.subarray(0, i), bytes.subarray(i)]);
  out.push([...bytes].map((b) => Buffer.from([b])));
  return out;
}

describe('splitLines', () => {
  it('keeps multibyte UTF-8 characters whole wherever a chunk ends', async () => {
    const text = '{"name":"Zürich €"}\n{"name":"東京 😀"}\n';
    for (const parts of cuts(Buffer.from(text))) {
      const { lines, rejects } = await collect(parts);
      expect([...lines.values()]).toEqual(['{"name":"Zürich €"}', '{"name":"東京 😀"}']);
      expect(rejects).toEqual([]);
    }
  });

  it('drops "\\r\\n" whole when a chunk ends between "\\r" and "\\n"', async () => {
    for (const parts of cuts(Buffer.from('a\r\nbb\r\n\r\nc\r\n'))) {
      expect([...(await collect(parts)).lines.entries()]).toEqual([
        [1, 'a'],
        [2, 'bb'],
        [3, ''],
        [4, 'c'],
      ]);
    }
  });

  it('reads a last line that has no newline', async () => {
    expect([...(await collect(['one\ntw', 'o'])).lines.values()]).toEqual(['one', 'two']);
    expect([...(await collect(['one\r\ntwo\r'])).lines.values()]).toEqual(['one', 'two']);
    expect((await collect(['one\n'])).lines.size).toBe(1);
  });

  it('rejects an over-long line by number and reads the lines after it', async () => {
    const long = 'x'.repeat(50);
    // Over the cap across many chunks, inside one chunk, and as the last line.
    const parts = ['ok1\n', long.slice(0, 20), long.slice(20), long.slice(0, 5), '\nok3\n' + long + '\nok5\r\n', long];
    const { lines, rejects } = await collect(parts, 10);
    expect(rejects.map((r) => r.no)).toEqual([2, 4, 6]);
    expect(rejects[0]!.reason).toBe('longer than 10 bytes (--max-line-bytes); skipped');
    expect(lines.get(1)).toBe('ok1');
    expect(lines.get(3)).toBe('ok3');
    expect(lines.get(5)).toBe('ok5');
  });

  it('counts the cap in bytes without the line ending', async () => {
    // 5 characters, 10 bytes: at a cap of 10 it passes with "\r\n", at 9 it does not.
    const line = 'éééééé'.slice(0, 5);
    expect((await collect([`${line}\r`, '\n'], 10)).rejects).toEqual([]);
    expect((await collect([`${line}\r\n`], 10)).rejects).toEqual([]);
    expect((await collect([`a\n${line}\r\nb\n`], 9)).rejects.map((r) => r.no)).toEqual([2]);
    expect((await collect([`${line}\r`, '\n'], 9)).rejects.map((r) => r.no)).toEqual([1]);
  });

  it('holds at most the cap while skipping a line of any length', async () => {
    const mb = Buffer.alloc(1 << 20, 0x61);
    const before = process.memoryUsage().arrayBuffers;
    let peak = 0;
    // 64 MiB of one line in 64 KiB chunks, the memory read between chunks.
    async function* huge(): AsyncGenerator<Buffer> {
      yield Buffer.from('{"id":"a"}\n');
      for (let i = 0; i < 1024; i++) {
        yield mb.subarray((i % 16) << 16, ((i % 16) + 1) << 16);
        peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
      }
      yield Buffer.from('\n{"id":"c"}\n');
    }
    const texts: string[] = [];
    for await (const batch of splitLines(huge(), 1 << 18)) texts.push(...batch.texts);
    expect(texts).toEqual(['{"id":"a"}', '', '{"id":"c"}']);
    expect(peak).toBeLessThan(16 << 20);
  });
});
