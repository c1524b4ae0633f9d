// Every test file says its kind (vitest.config.ts): a file named otherwise would run in no project.
import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

it('every test file is a unit, redis or e2e test', async () => {
  const root = resolve(import.meta.dirname, '..');
  const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.test.ts'));
  expect(files.length).toBeGreaterThan(50);
  expect(files.filter((f) => !/\.(unit|redis)\.test\.ts$/.test(f) && !f.startsWith('e2e/'))).toEqual([]);
});
