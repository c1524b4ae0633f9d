// `crm-pulse score` end to end: the real bin in a child process, as a user runs it.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/crm-pulse.js');
const examples = join(root, 'examples/accounts.jsonl');

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, input, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, CRM_PULSE_AS_OF: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function tmpFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'crm-pulse-cli-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('crm-pulse score', () => {
  it('scores the examples as JSONL, one result a line, and exits 0', () => {
    const r = run(['score', '--input', examples, '--as-of', '2026-11-23']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(20);
    const cobalt = lines.find((l) => l.accountId === '1009');
    expect(cobalt.tier).toBe('growth');
    expect(cobalt.health.score).toBe(57);
    expect(cobalt.health.band).toBe('at_risk');
    expect(cobalt.why).toBe('Health 57 at_risk | usage 58% 23/40 | meetings 40/120 min 10/30 | tickets 2 open 18/20 | NPS n/a | no login since 2026-10-24');
    expect(new Set(lines.map((l) => l.tier))).toEqual(new Set(['strategic', 'growth', 'standard', 'unknown']));
    expect(new Set(lines.map((l) => l.health.band))).toEqual(new Set(['healthy', 'watch', 'at_risk', 'insufficient_data']));
    expect(r.err).toContain('20 scored, 0 rejected');
  });

  it('prints a table with a header and a row per account', () => {
    const r = run(['score', '--input', examples, '--as-of', '2026-11-23', '--format', 'table']);
    expect(r.code).toBe(0);
    const rows = r.out.trim().split('\n');
    expect(rows[0]).toMatch(/^ACCOUNT\s+TIER\s+HEALTH\s+BAND/);
    expect(rows).toHaveLength(21);
    expect(rows.find((l) => l.startsWith('Cobalt Manufacturing'))).toMatch(/growth\s+57\s+at_risk/);
  });

  it('reports a bad line with its number and reason, scores the rest, and exits 1', () => {
    const input = tmpFile('in.jsonl', '{"id":"a","arr":5000}\n{"id":"b","featureUsage":1.5}\nnot json\n\n{"id":"c"}\n');
    const r = run(['score', '--input', input, '--as-of', '2026-11-23']);
    expect(r.code).toBe(1);
    expect(r.out.trim().split('\n').map((l) => JSON.parse(l).accountId)).toEqual(['a', 'c']);
    expect(r.err).toContain('line 2: featureUsage: must be a share between 0 and 1');
    expect(r.err).toContain('line 3: not valid JSON');
    expect(r.err).toContain('2 scored, 2 rejected');
  });

  it('reads standard input with --input -', () => {
    const r = run(['score', '--input', '-', '--as-of', '2026-11-23'], '{"id":"x","arr":2000000}\r\n');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).tier).toBe('strategic');
  });

  it('rejects an invalid policy with every problem named, exit 2', () => {
    const policy = tmpFile('policy.json', JSON.stringify({ health: { weights: { usage: 0, engagement: 0, tickets: 0, nps: 0 } }, tiers: { fallbak: 'x' } }));
    const r = run(['score', '--input', examples, '--policy', policy]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('health.weights: must sum to more than 0');
    expect(r.err).toContain('tiers: Unrecognized key: "fallbak"');
    expect(r.out).toBe('');
  });

  it('applies a partial policy over the defaults', () => {
    const policy = tmpFile('policy.json', JSON.stringify({ tiers: { rules: [{ tier: 'big', when: [{ field: 'employees', op: '>=', value: 1000 }] }], fallback: 'small' } }));
    const r = run(['score', '--input', examples, '--policy', policy, '--as-of', '2026-11-23']);
    expect(r.code).toBe(0);
    const tiers = Object.fromEntries(r.out.trim().split('\n').map((l) => JSON.parse(l)).map((l) => [l.accountId, l.tier]));
    expect(tiers['1001']).toBe('big');
    expect(tiers['1011']).toBe('small');
  });

  it('exits 2 on a bad --as-of and on a missing input file', () => {
    expect(run(['score', '--input', examples, '--as-of', '2026-02-30']).code).toBe(2);
    const missing = run(['score', '--input', '/nonexistent/file.jsonl']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('cannot read --input /nonexistent/file.jsonl (ENOENT)');
  });

  it('adds RFM segments and clusters with --segments', () => {
    const r = run(['score', '--input', examples, '--as-of', '2026-11-23', '--segments']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    const segmented = lines.filter((l) => l.segment !== null);
    expect(segmented.length).toBeGreaterThan(10);
    for (const l of segmented) expect(l.segment).toMatch(/^(champion|loyal|at_risk|hibernating|new|potential) R[1-5]F[1-5]M[1-5]$/);
    // Accounts without a win in 24 months get no segment.
    expect(lines.find((l) => l.accountId === '1016').segment).toBeNull();
    expect(lines.filter((l) => l.cluster !== null).length).toBeGreaterThan(0);
  });

  it('rejects a 20 MB line quickly, in bounded memory, naming --max-line-bytes, and reads on', () => {
    const path = tmpFile('long.jsonl', '');
    const fd = openSync(path, 'w');
    writeSync(fd, '{"id":"a"}\n{"id":"big","pad":"');
    const mb = Buffer.alloc(1 << 20, 0x61);
    for (let i = 0; i < 20; i++) writeSync(fd, mb);
    writeSync(fd, '"}\n{"id":"c"}');
    closeSync(fd);
    try {
      // The child's peak RSS, printed as it exits (process.resourceUsage, in KiB).
      const peak = "--import=data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss '+process.resourceUsage().maxRSS+'\\n'))";
      const started = performance.now();
      const r = spawnSync(process.execPath, [peak, bin, 'score', '--input', path, '--as-of', '2026-11-23'], { cwd: root, encoding: 'utf8', env: { ...process.env, CRM_PULSE_AS_OF: '' } });
      const seconds = (performance.now() - started) / 1000;
      expect(r.status).toBe(1);
      expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).accountId)).toEqual(['a', 'c']);
      expect(r.stderr).toContain('line 2: longer than 1,048,576 bytes (--max-line-bytes); skipped');
      expect(r.stderr).toContain('2 scored, 1 rejected');
      // Generous bounds: the whole-line reader took about 3 s and 320 MB here, the streaming one 0.2 s and 100 MB.
      expect(seconds).toBeLessThan(5);
      expect(Number(/maxrss (\d+)/.exec(r.stderr)?.[1])).toBeLessThan(200 * 1024);
    } finally {
      rmSync(path);
    }
  });

  it('takes a smaller cap from --max-line-bytes', () => {
    const input = tmpFile('in.jsonl', '{"id":"a"}\n{"id":"bb","arr":5000}\n');
    const r = run(['score', '--input', input, '--as-of', '2026-11-23', '--max-line-bytes', '12']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).accountId).toBe('a');
    expect(r.err).toContain('line 2: longer than 12 bytes (--max-line-bytes); skipped');
    const held = run(['score', '--input', input, '--as-of', '2026-11-23', '--max-line-bytes', '12', '--segments']);
    expect(held.code).toBe(1);
    expect(held.err).toContain('line 2: longer than 12 bytes (--max-line-bytes); skipped');
    expect(run(['score', '--input', input, '--max-line-bytes', '0']).code).toBe(2);
  });
});
