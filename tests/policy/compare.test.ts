import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { comparisonCsv, horizonSummary, yearWeights } from '../../src/results/comparison.js';
import { appraisalFactors, discountFactors, readDiscountSchedule } from '../../src/results/discounting.js';
import type { OutcomeDeclarations } from '../../src/model/outcomeDeclarations.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ehsim-compare-'));
const quiet = { out: () => {}, err: (s: string) => console.error(s) };

describe('ehsim compare', () => {
  it('writes the contracted files; a scenario compared with itself gives exactly zero differences', async () => {
    const out = path.join(tmp, 'self');
    const code = await main(['compare', 'scenarios/england/baseline.yaml', 'tests/fixtures/policy/same-as-baseline.yaml', 'scenarios/england/statutory-duty.yaml', '--scale', '0.01', '--replicates', '2', '--appraisal-year', '2026-27', '--out', out], quiet);
    expect(code).toBe(0);
    const read = (f: string) => readFileSync(path.join(out, f), 'utf8');
    const lines = read('comparison.csv').trimEnd().split('\n');
    expect(lines[0]).toBe('scenario,year,metric,diff_mean,diff_lo95,diff_hi95,diff_mcse');
    const self = lines.slice(1).filter((l) => l.startsWith('same-as-baseline,'));
    expect(self.length).toBeGreaterThan(100);
    for (const l of self) expect(l.split(',').slice(3)).toEqual(['0', '0', '0', '0']);
    // annual.csv has one block per scenario
    const scenarios = new Set(read('annual.csv').trimEnd().split('\n').slice(1).map((l) => l.split(',')[0]));
    expect([...scenarios]).toEqual(['england-baseline', 'same-as-baseline', 'statutory-duty']);
    const summary = JSON.parse(read('summary.json'));
    expect(summary.scenarios['same-as-baseline'].net_cost).toEqual({ mean: 0, lo95: 0, hi95: 0, mcse: 0 });
    expect(Object.keys(summary.scenarios['statutory-duty'])).toEqual([
      'rereferrals_avoided', 'cin_starts_avoided', 'cp_starts_avoided', 'cla_starts_avoided', 'gave_up_waiting_extra', 'waiting_days_extra', 'early_help_extra_cost',
      'social_care_cost_change', 'net_cost', 'net_present_cost', 'cin_spending_elasticity',
      'rereferrals_avoided_discounted', 'early_help_extra_cost_discounted', 'social_care_cost_change_discounted', 'cost_per_rereferral_avoided', 'return_per_pound',
    ]);
    expect(summary.discounting.rates[0]).toEqual({ fromYear: 0, toYear: 30, rate: 0.035 });
    // Discounted to the appraisal year given; the years before it are sunk (factor 0).
    expect(summary.appraisal).toMatchObject({ year: '2026-27', default: false, sunk_years: ['2024-25', '2025-26'] });
    expect(summary.discounting.factors['2025-26']).toBe(0);
    expect(summary.discounting.factors['2026-27']).toBe(1);
    expect(summary.discounting.factors['2027-28']).toBeCloseTo(1 / 1.035, 15);
    expect(summary.policies['statutory-duty']).toMatchObject({ start: '2027-04-01', first_year: '2027-28', first_full_year: '2027-28' });
    expect(summary.policies['same-as-baseline']).toMatchObject({ start: null, first_year: '2024-25', first_full_year: null });
    const manifest = JSON.parse(read('manifest.json'));
    expect(manifest.appraisal).toEqual({ year: '2026-27', default: false, schedule: { file: manifest.discounting.file, name: 'green-book-2022', version: '2022' } });
    const cumulative = summary.cumulative_by_year['statutory-duty'];
    expect(Object.keys(cumulative)[0]).toBe('2024-25');
    expect(Object.keys(cumulative).at(-1)).toBe('2035-36');
    // Nothing changes before the duty starts in April 2027.
    for (const year of ['2024-25', '2025-26', '2026-27']) expect(cumulative[year].net_cost.mean).toBe(0);
    expect(cumulative['2035-36'].net_cost.mean).toBeCloseTo(summary.scenarios['statutory-duty'].net_cost.mean, 3);
    expect(cumulative['2035-36'].rereferrals_avoided.mean).toBeCloseTo(summary.scenarios['statutory-duty'].rereferrals_avoided.mean, 6);
    const levers = read('levers.csv').trimEnd().split('\n');
    expect(levers[0]).toBe('scenario,lever,parameter,from,ramp_years,old_value,new_value,declared_at,read_by,entries_after,area,changed');
    // The baseline's own levers (Families First) come first; then each scenario's, inherited ones included.
    expect(levers[1]).toMatch(/^england-baseline,families-first-2025-26,familiesFirstFunding,2025-04-01,/);
    const duty = levers.find((l) => l.startsWith('statutory-duty,early-help-duty,'))!.split(',');
    // One row per region: the North East's step-down (Action for Children's 18% against 25% across regions) rises to the duty's 0.5.
    expect(duty.slice(0, 5)).toEqual(['statutory-duty', 'early-help-duty', 'stepDown', '2027-04-01', '2']);
    expect(Number(duty[5])).toBeCloseTo(0.2 * (18 / 25.0276), 3);
    expect(duty[6]).toBe('0.5');
    expect(duty.slice(10)).toEqual(['E12000001', 'yes']);
    expect(duty[7]).toMatch(/statutory-duty\.yaml:\d+$/);
    expect(duty[8]).toBe('states.closure.transitions.0.probability');
    expect(Number(duty[9])).toBeGreaterThan(0);
  });

  it('gives byte-identical results with 1, 2 and 3 workers', async () => {
    const files: string[] = [];
    for (const w of ['1', '2', '3']) {
      const out = path.join(tmp, `w${w}`);
      expect(await main(['compare', 'scenarios/england/baseline.yaml', 'scenarios/england/funding-restoration.yaml', '--scale', '0.005', '--replicates', '3', '--workers', w, '--out', out], quiet)).toBe(0);
      files.push(['annual.csv', 'replicates.csv', 'comparison.csv', 'summary.json', 'levers.csv'].map((f) => readFileSync(path.join(out, f), 'utf8')).join('\n'));
    }
    expect(files[1]).toBe(files[0]);
    expect(files[2]).toBe(files[0]);
  });
});

describe('discounting', () => {
  const schedule = readDiscountSchedule('scenarios/appraisal/green-book-discounting.yaml');
  it('matches a hand-computed Green Book case', () => {
    const f = discountFactors(schedule, 40);
    expect(f[0]).toBe(1);
    expect(f[1]).toBeCloseTo(1 / 1.035, 15);
    expect(f[10]).toBeCloseTo(0.7089188, 7); // 1.035^-10
    expect(f[30]).toBeCloseTo(Math.pow(1.035, -30), 15);
    expect(f[31]).toBeCloseTo(Math.pow(1.035, -30) / 1.03, 15);
    expect(f[35]).toBeCloseTo(Math.pow(1.035, -30) * Math.pow(1.03, -5), 15);
  });

  it('net present cost is the discounted sum of paired yearly differences', () => {
    const metrics = ['rereferrals_12m', 'cin_starts', 'cp_starts', 'cla_starts', 'cost_early_help', 'cost_care', 'cost_total'];
    const row = (rr: number, eh: number, care: number) => Float64Array.from([rr, 0, 0, 0, eh, care, eh + care]);
    const base = { scenario: 'b', years: ['2019-20', '2020-21', '2021-22'], metrics, byReplicate: [[row(100, 10, 50), row(100, 10, 50), row(100, 10, 50)]] };
    const scen = { scenario: 's', years: base.years, metrics, byReplicate: [[row(100, 10, 50), row(90, 20, 45), row(80, 30, 40)]] };
    const declared: OutcomeDeclarations = {
      effects: [{ name: 'rereferrals_avoided', metric: 'rereferrals_12m', fewerIsBetter: true, label: 'Re-referrals avoided', unit: 'children' }],
      costEffectiveness: { effect: 'rereferrals_avoided', per: 're-referral avoided' },
      spending: {
        intervention: { name: 'early_help_extra_cost', label: 'Extra early-help spending', categories: ['cost_early_help'], spending: 'early-help spending', perPound: 'early help' },
        rest: { name: 'social_care_cost_change', label: 'Change in social care spending', spending: 'social care spending', savings: 'social care savings' },
      },
    };
    const s = horizonSummary(base, scen, yearWeights([1, 1, 1], appraisalFactors(schedule, base.years, { year: '2019-20', default: false })), declared);
    expect(s.rereferrals_avoided!.mean).toBe(30);
    expect(s.early_help_extra_cost!.mean).toBe(30);
    expect(s.social_care_cost_change!.mean).toBe(-15);
    expect(s.net_cost!.mean).toBe(15);
    expect(s.net_present_cost!.mean).toBeCloseTo(5 / 1.035 + 10 / 1.035 ** 2, 12);
    // Discounted costs over discounted effects; here each year's cost is half its effect, so 0.5 either way.
    expect(s.rereferrals_avoided_discounted!.mean).toBeCloseTo(10 / 1.035 + 20 / 1.035 ** 2, 12);
    expect(s.cost_per_rereferral_avoided!.mean).toBeCloseTo(0.5, 12);
    expect(s.return_per_pound!.mean).toBeCloseTo(0.5, 12);
    expect(comparisonCsv(base, [scen]).split('\n')[1]).toBe('s,2019-20,rereferrals_12m,0,0,0,0');
  });
});
