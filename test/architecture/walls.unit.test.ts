// The walls of .dependency-cruiser.cjs hold on src/, and each rule fires on an import that breaks
// it: a tree of one-line files under a temporary src/ plants one violation per rule.
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const config = join(root, '.dependency-cruiser.cjs');
const depcruise = join(root, 'node_modules/.bin/depcruise');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

async function cruise(cwd: string): Promise<Violation[]> {
  const { stdout } = await run(depcruise, ['src', '--config', config, '--output-type', 'json'], { cwd, maxBuffer: 64 << 20 }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

describe('import walls', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('src/ breaks none of them', async () => {
    expect(await cruise(root)).toEqual([]);
  }, 60_000);

  it('each rule names the import that breaks it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'walls-'));
    dirs.push(dir);
    const files: Record<string, string> = {
      'src/model/index.ts': "export { a } from './a.ts';\n",
      'src/model/a.ts': "import { x } from '../store/index.ts';\nexport const a = x;\n",
      'src/model/loop-a.ts': "import { b } from './loop-b.ts';\nexport const a = b;\n",
      'src/model/loop-b.ts': "import { a } from './loop-a.ts';\nexport const b = a;\n",
      'src/scoring/index.ts': "import { c } from '../config/index.ts';\nexport const s = c;\n",
      'src/config/index.ts': 'export const c = 1;\n',
      'src/store/index.ts': "import { w } from '../writeback/index.ts';\nexport const x = w;\n",
      'src/writeback/index.ts': 'export const w = 1;\n',
      'src/connectors/index.ts': "import { j } from '../jobs/index.ts';\nexport const k = j;\n",
      'src/connectors/hubspot/a.ts': "import { sf } from '../salesforce/b.ts';\nexport const hs = sf;\n",
      'src/connectors/salesforce/b.ts': 'export const sf = 1;\n',
      'src/jobs/index.ts': "import { m } from '../model/a.ts';\nexport const j = m;\n",
      'src/http/index.ts': "import { box } from '../sandbox/index.ts';\nexport const h = box;\n",
      'src/cli/demo.ts': "import { box } from '../sandbox/index.ts';\nexport const d = box;\n",
      'src/sandbox/index.ts': 'export const box = 1;\n',
      'src/sync/index.ts': "import { p } from '../pipeline/index.ts';\nexport const y = p;\n",
      'src/pipeline/index.ts': 'export const p = 1;\n',
    };
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    const fired = new Set((await cruise(dir)).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`));
    for (const expected of [
      'model-imports-nothing-of-ours: src/model/a.ts -> src/store/index.ts',
      'scoring-imports-only-model: src/scoring/index.ts -> src/config/index.ts',
      'store-stays-below: src/store/index.ts -> src/writeback/index.ts',
      'connectors-stay-below: src/connectors/index.ts -> src/jobs/index.ts',
      'crms-do-not-know-each-other: src/connectors/hubspot/a.ts -> src/connectors/salesforce/b.ts',
      'through-the-public-face: src/jobs/index.ts -> src/model/a.ts',
      'sandbox-only-from-its-commands: src/http/index.ts -> src/sandbox/index.ts',
      'sandbox-loaded-lazily: src/cli/demo.ts -> src/sandbox/index.ts',
      'no-circular: src/model/loop-a.ts -> src/model/loop-b.ts',
      'flow-sync: src/sync/index.ts -> src/pipeline/index.ts',
    ]) {
      expect(fired).toContain(expected);
    }
  }, 60_000);
});
