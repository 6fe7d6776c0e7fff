import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Issue #16: worker processes are started before the command reads its scenarios. Those it does
 * not use never keep it waiting, and those it uses give the same bytes as one process.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'ehsim.js');
const BASE = path.join(ROOT, 'tests/fixtures/prestart/base.yaml');
const POLICY = path.join(ROOT, 'tests/fixtures/warm/policy.yaml');
const ehsim = (args: string[]) => {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, CI: 'true' } });
  return { ...r, seconds: (performance.now() - t0) / 1000 };
};

describe('workers started ahead of need (issue #16)', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ehsim-prestart-'));
  const common = ['--scale', '0.05', '--no-cache', '--no-briefing', '--appraisal-year', '2019-20'];

  it('a command that uses none of them, or is refused, ends at once', () => {
    const one = ehsim(['compare', BASE, POLICY, '-n', '1', '--workers', '2', ...common, '--out', path.join(tmp, 'one')]);
    expect(one.status).toBe(0);
    const refused = ehsim(['compare', BASE, BASE, '-n', '2', '--workers', '2', ...common, '--out', path.join(tmp, 'never')]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/scenario name 'prestart-base' is used twice/);
    // Each in a few seconds: nothing waited on the workers (a worker left holding the command would hit the 120 s timeout).
    expect(Math.max(one.seconds, refused.seconds)).toBeLessThan(60);
  }, 150_000);

  it('two workers started ahead give the bytes one process gives', () => {
    const two = ehsim(['compare', BASE, POLICY, '-n', '3', '--workers', '2', ...common, '--out', path.join(tmp, 'two')]);
    const single = ehsim(['compare', BASE, POLICY, '-n', '3', '--workers', '1', ...common, '--out', path.join(tmp, 'single')]);
    expect(two.status).toBe(0);
    expect(single.status).toBe(0);
    for (const f of ['annual.csv', 'replicates.csv', 'comparison.csv']) expect(readFileSync(path.join(tmp, 'two', f), 'utf8')).toBe(readFileSync(path.join(tmp, 'single', f), 'utf8'));
  }, 150_000);
});
