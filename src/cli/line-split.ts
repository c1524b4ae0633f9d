// Splits a byte stream into lines in linear time and bounded memory: each byte is scanned once, a
// line's bytes are joined once, and a line longer than the cap is dropped as it streams by instead
// of being held. Splitting bytes at "\n" (never part of a multibyte UTF-8 character) before
// decoding keeps characters whole across chunk boundaries.

/** Default of `--max-line-bytes`: 1 MiB, far above any real account, far below the heap. */
export const MAX_LINE_BYTES = 1 << 20;

export interface Lines {
  /** Number of the first line in `texts`, from 1. */
  first: number;
  /** Line texts without their "\n" or "\r\n"; a rejected line keeps its place as "". */
  texts: string[];
  /** Lines over the cap, by number, with the reason to report. */
  rejects: { no: number; reason: string }[];
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Lines of `chunks`, a chunk's worth at a time so the per-line cost stays low. A line over
 * `maxLineBytes` (without its line ending) is a reject, and reading goes on at the next line.
 */
export async function* splitLines(chunks: AsyncIterable<Buffer>, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<Lines> {
  const reason = `longer than ${maxLineBytes.toLocaleString('en')} bytes (--max-line-bytes); skipped`;
  let next = 1;
  // The line under way: its pieces so far, or `skipping` once it has passed the cap.
  let held: Buffer[] = [];
  let heldBytes = 0;
  let skipping = false;

  const hold = (piece: Buffer) => {
    if (skipping || piece.length === 0) return;
    heldBytes += piece.length;
    // One byte over the cap may still be the "\r" of a "\r\n".
    if (heldBytes > maxLineBytes + 1) {
      skipping = true;
      held = [];
      heldBytes = 0;
    } else held.push(Buffer.from(piece)); // a copy: a slice would keep its whole chunk alive
  };

  /** Ends the line under way with `tail` (the bytes before its "\n") into `batch`. */
  const finish = (tail: Buffer, batch: Lines) => {
    hold(tail);
    const whole = held.length === 1 ? held[0]! : Buffer.concat(held, heldBytes);
    const end = heldBytes > 0 && whole[heldBytes - 1] === CR ? heldBytes - 1 : heldBytes;
    if (skipping || end > maxLineBytes) {
      batch.rejects.push({ no: next, reason });
      batch.texts.push('');
    } else batch.texts.push(whole.toString('utf8', 0, end));
    next++;
    held = [];
    heldBytes = 0;
    skipping = false;
  };

  for await (const chunk of chunks) {
    const firstLf = chunk.indexOf(LF);
    if (firstLf === -1) {
      hold(chunk);
      continue;
    }
    const batch: Lines = { first: next, texts: [], rejects: [] };
    finish(chunk.subarray(0, firstLf), batch);
    const lastLf = chunk.lastIndexOf(LF);
    if (lastLf > firstLf) {
      // The lines wholly inside this chunk: decoded in one call, then split.
      let start = firstLf + 1;
      for (const line of chunk.toString('utf8', firstLf + 1, lastLf).split('\n')) {
        const text = line.endsWith('\r') ? line.slice(0, -1) : line;
        // The cap counts the line's own bytes, as for a line cut across chunks: re-encoding the
        // decoded text would count an invalid byte as the 3 of its U+FFFD, so a line's fate would
        // hang on where a chunk happened to end.
        const lf = chunk.indexOf(LF, start);
        const bytes = lf - start - (text.length < line.length ? 1 : 0);
        start = lf + 1;
        if (bytes > maxLineBytes) {
          batch.rejects.push({ no: next, reason });
          batch.texts.push('');
        } else batch.texts.push(text);
        next++;
      }
    }
    hold(chunk.subarray(lastLf + 1));
    yield batch;
  }
  if (skipping || heldBytes > 0) {
    const batch: Lines = { first: next, texts: [], rejects: [] };
    finish(Buffer.alloc(0), batch);
    yield batch;
  }
}
