import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Issue #16: worker processes are started before the command reads its scenarios. Those it does
 * not use never keep it waiting. (Those it uses give the same bytes as one process: the in-process
 * command tests run with 1, 2 and 3 workers, started ahead in the same way, in tests/policy/compare.test.ts.)
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
});
