// A value that must never reach a log, an error message or a JSON response: it prints as
// `[secret]` everywhere (String, JSON.stringify, util.inspect, pino) and hands the real value out
// only through `reveal()`, so every use of a secret is a deliberate, greppable call.
import { inspect } from 'node:util';

export class Secret<T = string> {
  readonly #value: T;

  constructor(value: T) {
    this.#value = value;
  }

  reveal(): T {
    return this.#value;
  }

  toString(): string {
    return '[secret]';
  }

  toJSON(): string {
    return '[secret]';
  }

  [inspect.custom](): string {
    return '[secret]';
  }
}
