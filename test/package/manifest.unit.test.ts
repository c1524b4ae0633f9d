// The package's manifest and build context (issue 11, finding 11): every runtime dependency is
// imported by the code that ships, and the Docker build context leaves out env files and keys.
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/**
 * Package names a source imports at run time (`import type` erases, so it does not count), or
 * resolves to serve its files (`require.resolve`: the console's htmx and Chart.js).
 */
function runtimeImports(source: string): string[] {
  const specifiers = [
    ...source.matchAll(/^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm),
    ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...source.matchAll(/\brequire\.resolve\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
  // `@scope/name/sub` and `name/sub` belong to `@scope/name` and `name`.
  return specifiers.filter((s) => !s.startsWith('.') && !s.startsWith('node:')).map((s) => s.split('/').slice(0, s.startsWith('@') ? 2 : 1).join('/'));
}

it('every dependency in package.json is imported by some file under src/', () => {
  const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const imported = new Set(
    readdirSync(resolve(root, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => runtimeImports(readFileSync(resolve(root, 'src', f), 'utf8'))),
  );
  expect(Object.keys(manifest.dependencies).filter((name) => !imported.has(name))).toEqual([]);
});

it('.dockerignore keeps env files, keys and secrets out of the build context', () => {
  const patterns = new Set(
    readFileSync(resolve(root, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  );
  // At any depth (`**/`), since a secret can sit in any folder that a COPY takes.
  for (const p of ['**/*.env', '**/.env', '**/.env.*', '**/*.pem', '**/*.key']) expect(patterns).toContain(p);
});
