import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ehsim-run-'));
const quiet = { out: () => {}, err: (s: string) => console.error(s) };

async function run(name: string, ...flags: string[]) {
  const out = path.join(tmp, name);
  const code = await main(['run', 'scenarios/england/baseline.yaml', '--scale', '0.01', '--replicates', '2', '--out', out, ...flags], quiet);
  expect(code).toBe(0);
  return (file: string) => readFileSync(path.join(out, file), 'utf8');
}

const REQUIRED = `referrals, referrals_nfa, rereferrals_12m, rereferral_rate_12m, assessments, assessed_not_in_need, step_downs, closed_no_service,
  closed_no_service_rereferred_12m_rate, early_help_starts, early_help_children_in_year, early_help_waiting_31_march, cin_starts, cin_31_march,
  cin_in_year, cp_starts, cp_31_march, cla_starts, cla_31_march, prevention_ratio, cost_total`.split(/[,\s]+/).filter(Boolean);

describe('ehsim run output contract', () => {
  it('writes manifest.json, annual.csv and replicates.csv with the contracted headers and metrics', async () => {
    const read = await run('a', '--seed', '7');
    const annual = read('annual.csv').trimEnd().split('\n');
    expect(annual[0]).toBe('scenario,year,metric,mean,lo95,hi95,mcse');
    const metrics = new Set(annual.slice(1).map((l) => l.split(',')[2]));
    for (const m of REQUIRED) expect(metrics, m).toContain(m);
    expect([...metrics].filter((m) => m!.startsWith('cost_')).length).toBeGreaterThan(3);
    const years = new Set(annual.slice(1).map((l) => l.split(',')[1]));
    expect([...years][0]).toBe('2024-25');
    expect([...years].at(-1)).toBe('2035-36');
    // rates are fractions
    const rate = annual.find((l) => l.startsWith('england-baseline,2024-25,rereferral_rate_12m,'))!.split(',');
    expect(Number(rate[3])).toBeGreaterThan(0.1);
    expect(Number(rate[3])).toBeLessThan(0.4);
    expect(Number(rate[4])).toBeLessThanOrEqual(Number(rate[3]));
    expect(Number(rate[5])).toBeGreaterThanOrEqual(Number(rate[3]));

    const reps = read('replicates.csv').trimEnd().split('\n');
    expect(reps[0]).toBe('scenario,replicate,year,metric,value');
    expect(new Set(reps.slice(1).map((l) => l.split(',')[1]))).toEqual(new Set(['0', '1']));

    const manifest = JSON.parse(read('manifest.json'));
    expect(manifest).toMatchObject({ tool: 'ehsim', seed: 7, replicates: 2, scale: 0.01, scenario: 'england-baseline' });
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(manifest.command).toContain('--seed 7');
    expect(manifest.files.map((f: { file: string }) => path.basename(f.file))).toEqual([
      'baseline.yaml', 'model.yaml', 'population-0-17.yaml', 'regions.yaml',
      ...['north-east', 'north-west', 'yorkshire-and-the-humber', 'east-midlands', 'west-midlands', 'east-of-england', 'london', 'south-east', 'south-west'].map((r) => `population-${r}.yaml`),
    ]);
    for (const f of manifest.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.parameters.stepDown).toMatchObject({ value: 0.2, unit: 'probability' });
    // Money as stated, with its price year, and converted to the run's price year (issue #12).
    expect(manifest.prices).toMatchObject({ priceYear: '2024-25', name: 'hmt-gdp-deflator', version: '2026-03' });
    expect(manifest.parameters.restorationFunding).toMatchObject({ value: 1.93e9, priceYear: '2019-20', converted: { priceYear: '2024-25' } });
    expect(manifest.parameters.earlyHelpPlaces.formula).toContain('additionalEarlyInterventionFunding');
    expect(manifest.parameters.baselineEarlyHelpPlaces.formula).toContain('earlyInterventionSpend');
    expect(Date.parse(manifest.finished)).toBeGreaterThanOrEqual(Date.parse(manifest.started));
  });

  it('same seed gives byte-identical annual.csv and replicates.csv; a different seed differs', async () => {
    const a = await run('s1', '--seed', '11');
    const b = await run('s2', '--seed', '11');
    const c = await run('s3', '--seed', '12');
    expect(b('annual.csv')).toBe(a('annual.csv'));
    expect(b('replicates.csv')).toBe(a('replicates.csv'));
    expect(c('annual.csv')).not.toBe(a('annual.csv'));
    expect(c('replicates.csv')).not.toBe(a('replicates.csv'));
  });

  it('--trace N writes the full event history of N sampled children per replicate', async () => {
    const read = await run('t', '--trace', '4');
    const lines = read('trace.csv').trimEnd().split('\n');
    expect(lines[0]).toBe('replicate,child,day,date,event,from_state,to_state,attributes');
    const rows = lines.slice(1).map((l) => l.split(','));
    for (const rep of ['0', '1']) {
      const children = new Set(rows.filter((r) => r[0] === rep).map((r) => r[1]));
      expect(children.size).toBe(4);
    }
    for (const r of rows) {
      expect(r[3]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r[7]).toMatch(/^ageYears=[\d.]+;needLevel=(lower|higher);previousReferrals=\d+;hadEarlyHelp=[01];childProtectionPlans=\d+;lastClosure=\w*$/);
    }
    // Each child's history is in time order and starts where it entered the model.
    const first = rows.filter((r) => r[0] === '0' && r[1] === rows[0]![1]);
    expect(['arrival', 'initial']).toContain(first[0]![4]);
    const days = first.map((r) => Number(r[2]));
    expect([...days].sort((x, y) => x - y)).toEqual(days);
  });

  it('leaves no temporary folders behind', () => {
    expect(readdirSync(tmp).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});
