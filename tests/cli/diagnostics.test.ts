import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runCli } from '../helpers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ehsim-diagnostics-'));
const quiet = { out: () => {}, err: (s: string) => console.error(s) };

async function run(name: string, ...flags: string[]) {
  const out = path.join(tmp, name);
  const code = await main(['run', 'scenarios/england/baseline.yaml', '--scale', '0.01', '--replicates', '2', '--seed', '5', '--out', out, ...flags], quiet);
  expect(code).toBe(0);
  return (file: string) => readFileSync(path.join(out, file), 'utf8');
}

/** diagnostics.csv as records (fields may be quoted). */
function parse(csv: string): Record<string, string>[] {
  const lines = csv.trimEnd().split('\n');
  const cells = (l: string) => [...l.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"'));
  const header = cells(lines[0]!);
  return lines.slice(1).map((l) => Object.fromEntries(cells(l).map((v, i) => [header[i]!, v])));
}

describe('ehsim run --diagnostics', () => {
  it('writes diagnostics.csv and its chart, with sane values, and changes none of the other files', async () => {
    const read = await run('d', '--diagnostics', '--workers', '1');
    const plain = await run('p', '--workers', '1');
    // The other files are byte-identical with and without --diagnostics (the manifest differs only in the command and times).
    expect(read('annual.csv')).toBe(plain('annual.csv'));
    expect(read('replicates.csv')).toBe(plain('replicates.csv'));
    const manifest = (r: typeof read) => ({ ...JSON.parse(r('manifest.json')), command: '', started: '', finished: '' });
    expect(manifest(read)).toEqual(manifest(plain));
    expect(existsSync(path.join(tmp, 'p', 'diagnostics.csv'))).toBe(false);

    const csv = read('diagnostics.csv');
    expect(csv.split('\n')[0]).toBe('diagnostic,group,x,value,lo95,hi95,replicates,n,comparator,comparator_source');
    const rows = parse(csv);
    const names = new Set(rows.map((r) => r.diagnostic));
    for (const d of ['rereferral_after_closure', 'referrals_per_child', 'rereferral_share_top_children', 'cohort_ever_before_age', 'repeat_child_protection', 'care_starts_by_age', 'care_stock_by_age', 'care_exits_by_age', 'care_exits_by_route', 'care_episode_mean_days', 'early_help_effect']) {
      expect(names, d).toContain(d);
    }
    // Kaplan-Meier: every closure type, years 1 to 6, non-decreasing.
    const km = rows.filter((r) => r.diagnostic === 'rereferral_after_closure');
    const groups = [...new Set(km.map((r) => r.group))];
    expect(groups).toEqual(['no further action', 'assessed, no service', 'stepped down to early help', 'closed after a plan', 'returned home from care', 'all closures']);
    for (const g of groups) {
      const curve = km.filter((r) => r.group === g).map((r) => Number(r.value));
      expect(curve.length).toBe(6);
      for (let i = 1; i < curve.length; i++) expect(curve[i]!).toBeGreaterThanOrEqual(curve[i - 1]!);
    }
    const noService = km.find((r) => r.group === 'assessed, no service' && r.x === '1')!;
    expect(Number(noService.value)).toBeGreaterThan(0.15); // calibrated to 25%
    expect(Number(noService.value)).toBeLessThan(0.35);
    expect(noService.comparator).toBe('0.25');
    expect(noService.comparator_source).toContain('Action for Children');

    for (const r of rows) {
      const v = Number(r.value);
      expect(Number.isFinite(v), `${r.diagnostic} ${r.group} ${r.x}`).toBe(true);
      if (!r.group!.startsWith('relative risk') && !['referrals_per_child', 'care_episode_mean_days'].includes(r.diagnostic!)) {
        expect(v, `${r.diagnostic} ${r.group} ${r.x}`).toBeGreaterThanOrEqual(0);
        expect(v, `${r.diagnostic} ${r.group} ${r.x}`).toBeLessThanOrEqual(1);
      }
      expect(r.replicates).toBe('2');
      expect(Number(r.lo95)).toBeLessThanOrEqual(v);
      expect(Number(r.hi95)).toBeGreaterThanOrEqual(v);
    }
    // Shares of a whole add up to 1.
    for (const d of ['care_starts_by_age', 'care_stock_by_age', 'care_exits_by_age', 'care_exits_by_route']) {
      expect(rows.filter((r) => r.diagnostic === d).reduce((a, r) => a + Number(r.value), 0)).toBeCloseTo(1, 6);
    }
    const perChild = rows.find((r) => r.diagnostic === 'referrals_per_child' && r.group === 'in year')!;
    expect(Number(perChild.value)).toBeGreaterThanOrEqual(1);
    const cohort = (stage: string, age: string) => Number(rows.find((r) => r.diagnostic === 'cohort_ever_before_age' && r.group === stage && r.x === age)!.value);
    expect(cohort('referred', '18')).toBeGreaterThanOrEqual(cohort('referred', '5'));
    // A share of one year's cohort, not of the cohorts of every replicate summed (about 0.4 in England's baseline).
    expect(cohort('referred', '18')).toBeLessThan(0.7);
    expect(cohort('referred', '18')).toBeGreaterThanOrEqual(cohort('on a child protection plan', '18'));
    expect(Number(rows.find((r) => r.diagnostic === 'care_episode_mean_days')!.value)).toBeGreaterThan(30);

    const spec = JSON.parse(read('charts/diagnostics.vl.json'));
    expect(spec.vconcat.length).toBe(3);
    expect(read('charts/diagnostics.svg')).toContain('<svg');
    expect(existsSync(path.join(tmp, 'd', 'charts', 'diagnostics.png'))).toBe(true);
  });

  it('does not depend on the number of workers or on sharding', async () => {
    const one = await run('w1', '--diagnostics', '--workers', '1');
    const two = await run('w2', '--diagnostics', '--workers', '2');
    expect(two('diagnostics.csv')).toBe(one('diagnostics.csv'));
    const shards = [0, 1].map((k) => path.join(tmp, `shard-${k}`));
    for (const k of [0, 1]) await run(`shard-${k}`, '--diagnostics', '--workers', '1', '--shard', `${k}/2`);
    for (const dir of shards) expect(existsSync(path.join(dir, 'shard.json')), dir).toBe(true);
    const merged = path.join(tmp, 'merged');
    expect((await runCli(['merge', ...shards, '--out', merged])).code).toBe(0);
    expect(readFileSync(path.join(merged, 'diagnostics.csv'), 'utf8')).toBe(one('diagnostics.csv'));
  });

  it('an unknown state in the diagnostics block is an error at its line', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ehsim-diag-model-'));
    cpSync('scenarios', path.join(dir, 'scenarios'), { recursive: true });
    const model = path.join(dir, 'scenarios', 'england', 'model.yaml');
    const text = readFileSync(model, 'utf8').replace('- { state: closedAfterPlan, label: closed after a plan }', '- { state: closedAfterPlans, label: closed after a plan }');
    writeFileSync(model, text);
    const line = text.split('\n').findIndex((l) => l.includes('closedAfterPlans')) + 1;
    const { code, err } = await runCli(['validate', path.join(dir, 'scenarios', 'england', 'baseline.yaml')]);
    expect(code).toBe(2);
    expect(err).toMatch(new RegExp(`model\\.yaml:${line}:\\d+: diagnostics\\.closures\\.3\\.state: unknown state 'closedAfterPlans'`));
  });
});
