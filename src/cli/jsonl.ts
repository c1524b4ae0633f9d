// Line-by-line JSONL input and back-pressured output, so `score` runs in constant memory on
// inputs of any size.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';

/** Lines of a file (or standard input for `-`), numbered from 1. */
export async function* readLines(path: string): AsyncGenerator<{ no: number; text: string }> {
  const input = path === '-' ? process.stdin : createReadStream(path, { highWaterMark: 1 << 20 });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let no = 0;
  for await (const text of lines) {
    no++;
    yield { no, text };
  }
}

/** Buffers small writes into large chunks and waits for `drain` when the stream is full. */
export class ChunkedWriter {
  private parts: string[] = [];
  private size = 0;
  private readonly out: Writable;
  constructor(out: Writable) {
    this.out = out;
  }

  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 1 << 16) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.out.write(chunk)) await new Promise<void>((resolve) => this.out.once('drain', resolve));
  }
}
