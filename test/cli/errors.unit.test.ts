// docs/errors.md is the registry of error codes as `crm-pulse errors` prints it, and every code
// crm-pulse can give is in it.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorsMarkdown, explainCode } from '../../src/cli/errors.ts';
import { API_ERROR_CODES, ERROR_CODES } from '../../src/model/index.ts';

describe('error codes', () => {
  it('docs/errors.md is up to date (npm run docs:errors writes it)', async () => {
    expect(await readFile(resolve(import.meta.dirname, '../../docs/errors.md'), 'utf8')).toBe(errorsMarkdown());
  });

  it('explains each code, and says so for one it does not know', () => {
    for (const code of [...Object.keys(ERROR_CODES), ...Object.keys(API_ERROR_CODES)]) expect(explainCode(code.toLowerCase())).toContain(code);
    expect(explainCode('BAD_MAPPING')).toBe(
      'BAD_MAPPING (connection stopped)\n  what happened: The field mapping is invalid, or names CRM fields the account object lacks or cannot feed the canonical field.\n  what to do:    Correct the mapping (the message names each problem by path) and save it again.\n',
    );
    expect(explainCode('NO_SUCH_CODE')).toBeNull();
  });

  it('gives no code twice across the two lists', () => {
    expect(Object.keys(ERROR_CODES).filter((c) => Object.hasOwn(API_ERROR_CODES, c))).toEqual([]);
  });
});
