// The progress line of a long command, on stderr: redrawn in place on a terminal, and on a pipe or
// in a log file a plain line when it changes, at most every few seconds.
export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

const PLAIN_EVERY_MS = 5_000;

export class ProgressLine {
  readonly #out: ProgressOutput;
  #last = '';
  #lastAt = 0;
  #drawn = false;

  constructor(out: ProgressOutput) {
    this.#out = out;
  }

  update(line: string, now = Date.now()): void {
    if (line === this.#last) return;
    if (this.#out.isTTY) {
      this.#out.write(`\r\x1b[K${line}`);
      this.#drawn = true;
    } else if (now - this.#lastAt >= PLAIN_EVERY_MS) {
      this.#out.write(`${line}\n`);
      this.#lastAt = now;
    }
    this.#last = line;
  }

  /** Ends the line so the next output starts on its own. */
  done(): void {
    if (this.#drawn) this.#out.write('\n');
    this.#drawn = false;
  }
}
