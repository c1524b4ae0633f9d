// Line-by-line JSONL input and back-pressured output, so `score` runs in constant memory on
// inputs of any size.
import { createReadStream } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { splitLines, type Lines } from './line-split.ts';

/**
 * Lines of a file (or standard input for `-`). Chunks are pulled only as fast as they are
 * consumed; readline's async iterator would buffer a fast input without limit.
 */
export function readLines(path: string, maxLineBytes?: number): AsyncGenerator<Lines> {
  const input: Readable = path === '-' ? process.stdin : createReadStream(path, { highWaterMark: 1 << 16 });
  return splitLines(input as AsyncIterable<Buffer>, maxLineBytes);
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
