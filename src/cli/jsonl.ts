// Line-by-line JSONL input and back-pressured output, so `score` runs in constant memory on
// inputs of any size.
import { createReadStream } from 'node:fs';
import type { Readable, Writable } from 'node:stream';

export interface Lines {
  /** Number of the first line in `texts`, from 1. */
  first: number;
  texts: string[];
}

/**
 * Lines of a file (or standard input for `-`), a chunk's worth at a time so the per-line cost
 * stays low. Chunks are pulled only as fast as they are consumed; readline's async iterator would
 * buffer a fast input without limit.
 */
export async function* readLines(path: string): AsyncGenerator<Lines> {
  const input: Readable = path === '-' ? process.stdin : createReadStream(path, { highWaterMark: 1 << 16 });
  input.setEncoding('utf8');
  let next = 1;
  let rest = '';
  for await (const chunk of input as AsyncIterable<string>) {
    const texts = (rest + chunk).split('\n');
    rest = texts.pop()!;
    if (texts.length === 0) continue;
    for (let i = 0; i < texts.length; i++) if (texts[i]!.endsWith('\r')) texts[i] = texts[i]!.slice(0, -1);
    yield { first: next, texts };
    next += texts.length;
  }
  if (rest.length) yield { first: next, texts: [rest.endsWith('\r') ? rest.slice(0, -1) : rest] };
}

/** Buffers small writes into large chunks and waits for `drain` when the stream is full. */
export class ChunkedWriter {
  private parts: string[] = [];
  private size = 0;
  private readonly out: Writable;
  constructor(out: Writable) {
    this.out = out;
  }

  /** Queues text; the promise is only worth awaiting when it is not undefined (stream full). */
  write(text: string): Promise<void> | undefined {
    this.parts.push(text);
    this.size += text.length;
    return this.size >= 1 << 16 ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.out.write(chunk)) await new Promise<void>((resolve) => this.out.once('drain', resolve));
  }
}
