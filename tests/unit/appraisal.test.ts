import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OutcomeDeclarations } from '../../src/model/outcomeDeclarations.js';
import type { ScenarioResults } from '../../src/results/annualTables.js';
import { comparisonCsv, horizonSummary, yearWeights } from '../../src/results/comparison.js';
import { comparisonSummary } from '../../src/results/comparisonSummary.js';
import { appraisalFactors, checkAppraisalYear, discountingStatement, readDiscountSchedule } from '../../src/results/discounting.js';
import { financialYearOf, isFinancialYear, periodWeights, policyPeriod } from '../../src/results/years.js';
import { parseAppraisalYear } from '../../src/cli/options.js';
import { comparisonFindings } from '../../src/report/findings.js';
import type { RunFolder } from '../../src/outputs/readFolder.js';
import type { ManifestScenario } from '../../src/outputs/manifest.js';
import { runCli } from '../helpers.js';

/** Issue #12 part 4: appraisal from today. */
const schedule = readDiscountSchedule('scenarios/appraisal/green-book-discounting.yaml');
const YEARS = ['2024-25', '2025-26', '2026-27', '2027-28', '2028-29', '2029-30', '2030-31'];
const METRICS = ['rereferrals_12m', 'cost_early_help', 'cost_care', 'cost_total'];

const declared: OutcomeDeclarations = {
  effects: [{ name: 'rereferrals_avoided', metric: 'rereferrals_12m', fewerIsBetter: true, label: 'Re-referrals avoided', unit: 'children', headline: { label: 'Re-referrals avoided', noun: 're-referrals' } }],
  costEffectiveness: { effect: 'rereferrals_avoided', per: 're-referral avoided' },
  spending: {
    intervention: { name: 'early_help_extra_cost', label: 'Extra early-help spending', categories: ['cost_early_help'], spending: 'early-help spending', perPound: 'early help' },
    rest: { name: 'social_care_cost_change', label: 'Change in social care spending', spending: 'social care spending', savings: 'social care savings' },
  },
} as OutcomeDeclarations;

/** One replicate: yearly (re-referrals, early-help cost, care cost); cost_total is their sum. */
const results = (scenario: string, rows: [number, number, number][]): ScenarioResults => ({
  scenario,
  years: YEARS,
  metrics: METRICS,
  byReplicate: [rows.map(([rr, eh, care]) => Float64Array.from([rr, eh, care, eh + care]))],
});
const flat = results('base', YEARS.map(() => [100, 1e7, 5e7]));
// The policy starts on 1 April 2027; the 2025-26 difference is noise before it (as with --no-crn).
const policy = results('duty', [[100, 1e7, 5e7], [97, 1e7, 5e7], [100, 1e7, 5e7], [90, 3e7, 4e7], [80, 3e7, 3e7], [80, 3e7, 3e7], [80, 3e7, 3e7]]);

describe('appraisal year', () => {
  it('is the financial year holding the clock (UTC) unless given, and must be YYYY-YY', () => {
    expect(financialYearOf(new Date('2027-03-31T23:59:59Z'))).toBe('2026-27');
    expect(financialYearOf(new Date('2027-04-01T00:00:00Z'))).toBe('2027-28');
    expect(financialYearOf(new Date('2026-12-01T06:00:00Z'))).toBe('2026-27');
    expect(financialYearOf(new Date('2099-06-01T00:00:00Z'))).toBe('2099-00');
    expect(parseAppraisalYear(undefined, new Date('2026-12-01T00:00:00Z'))).toEqual({ year: '2026-27', default: true });
    expect(parseAppraisalYear('2028-29', new Date('2026-12-01T00:00:00Z'))).toEqual({ year: '2028-29', default: false });
    for (const bad of ['2026-28', '2026/27', '2026', '26-27', '']) {
      expect(isFinancialYear(bad)).toBe(false);
      expect(() => parseAppraisalYear(bad, new Date())).toThrow(/--appraisal-year must be a financial year written YYYY-YY/);
    }
    expect(() => checkAppraisalYear({ year: '2040-41', default: false }, YEARS)).toThrow(/outside the reported years 2024-25 to 2030-31/);
    expect(() => checkAppraisalYear({ year: '2019-20', default: true }, YEARS)).toThrow(/defaults to the current financial year, 2019-20.*give --appraisal-year/);
  });

  it('discounts with factor 1 in the appraisal year, 1/1.035 a year later, and leaves out the years before it (sunk)', () => {
    const f = appraisalFactors(schedule, YEARS, { year: '2026-27', default: false });
    expect(f.slice(0, 2)).toEqual([0, 0]);
    expect(f[2]).toBe(1);
    expect(f[3]).toBeCloseTo(1 / 1.035, 15);
    expect(f[6]).toBeCloseTo(1.035 ** -4, 15);
    expect(appraisalFactors(schedule, YEARS, { year: '2024-25', default: false })[2]).toBeCloseTo(1.035 ** -2, 15);
    expect(discountingStatement(schedule, YEARS, { year: '2026-27', default: true })).toBe('Costs and effects are discounted to 2026-27 at 3.5% a year (HM Treasury Green Book, 2022).');
    expect(discountingStatement(schedule, Array.from({ length: 40 }, (_, i) => `${2000 + i}-${String((i + 1) % 100).padStart(2, '0')}`), { year: '2000-01', default: true })).toMatch(
      /at 3\.5% a year for years 1 to 30, then 3% from year 31 \(/,
    );
  });

  it('finds each policy its years: from the year holding its start, first full year the first starting on or after it', () => {
    expect(policyPeriod(YEARS, '2027-04-01')).toEqual({ start: '2027-04-01', first_year: '2027-28', last_year: '2030-31', first_full_year: '2027-28' });
    expect(policyPeriod(YEARS, '2026-10-01')).toEqual({ start: '2026-10-01', first_year: '2026-27', last_year: '2030-31', first_full_year: '2027-28' });
    expect(policyPeriod(YEARS, '2030-06-01').first_full_year).toBeNull();
    expect(policyPeriod(YEARS, '2020-04-01').first_year).toBe('2024-25');
    expect(policyPeriod(YEARS, null)).toEqual({ start: null, first_year: '2024-25', last_year: '2030-31', first_full_year: null });
  });

  it('divides discounted costs by discounted effects, over the policy years only', () => {
    const factors = appraisalFactors(schedule, YEARS, { year: '2026-27', default: false });
    const w = yearWeights(periodWeights(YEARS, policyPeriod(YEARS, '2027-04-01')), factors);
    const s = horizonSummary(flat, policy, w, declared);
    const df = (t: number) => 1.035 ** -t;
    // Undiscounted totals from 2027-28: the 3 re-referrals of 2025-26, before the policy, are not counted.
    expect(s.rereferrals_avoided!.mean).toBe(10 + 20 + 20 + 20);
    expect(s.net_cost!.mean).toBe(1e7); // £20m more early help and £10m less care in 2027-28; later the two cancel
    const npc = 1e7 * df(1);
    expect(s.net_present_cost!.mean).toBeCloseTo(npc, 6);
    const avoided = 10 * df(1) + 20 * (df(2) + df(3) + df(4));
    expect(s.rereferrals_avoided_discounted!.mean).toBeCloseTo(avoided, 10);
    expect(s.cost_per_rereferral_avoided!.mean).toBeCloseTo(npc / avoided, 6);
    // Undiscounted, the ratio would be 1e7 / 70: discounting the effects as well as the costs changes it.
    expect(Math.abs(s.cost_per_rereferral_avoided!.mean - 1e7 / 70)).toBeGreaterThan(1000);
    const spent = 2e7 * (df(1) + df(2) + df(3) + df(4));
    const saved = 1e7 * df(1) + 2e7 * (df(2) + df(3) + df(4));
    expect(s.return_per_pound!.mean).toBeCloseTo(saved / spent, 12);
  });

  it('leaves years before the appraisal year out of present values, even inside the policy years', () => {
    const factors = appraisalFactors(schedule, YEARS, { year: '2028-29', default: false });
    const s = horizonSummary(flat, policy, yearWeights(periodWeights(YEARS, policyPeriod(YEARS, '2027-04-01')), factors), declared);
    expect(s.net_present_cost!.mean).toBe(0); // 2027-28's extra £10m is sunk; later years cost nothing net.
    expect(s.net_cost!.mean).toBe(1e7);
    expect(s.rereferrals_avoided_discounted!.mean).toBeCloseTo(20 * (1 + 1 / 1.035 + 1.035 ** -2), 10);
  });
});

/** A comparison folder as the report reads it, from synthetic results. */
function folder(starts: (string | null)[], others: ScenarioResults[]): { run: RunFolder; scenarios: ManifestScenario[] } {
  const all = [flat, ...others];
  const summary = comparisonSummary(all, 1, true, { schedule, appraisal: { year: '2026-27', default: true }, starts }, declared, '2024-25 prices');
  const differences = comparisonCsv(flat, others).trimEnd().split('\n').slice(1).map((l) => {
    const [scenario, year, metric, mean, lo95, hi95, mcse] = l.split(',');
    return { scenario: scenario!, year: year!, metric: metric!, mean: Number(mean), lo95: Number(lo95), hi95: Number(hi95), mcse: Number(mcse) };
  });
  const manifest = { years: YEARS, replicates: 1, scale: 0.05, targets: { targets: [{ year: '2024-25' }] } } as unknown as RunFolder['manifest'];
  const run = { dir: 'synthetic', manifest, declarations: { outcomes: declared }, annual: [], scenarios: all.map((r) => r.scenario), summary, differences } as unknown as RunFolder;
  return { run, scenarios: all.map((r) => ({ name: r.scenario, title: r.scenario === 'base' ? 'Baseline' : r.scenario, files: [], parameters: {} })) };
}

describe('findings', () => {
  it('quote a policy from 1 April 2027 in 2027-28, its first full year, and over 2027-28 to the end: never a year before it', () => {
    const { run, scenarios } = folder([null, '2027-04-01'], [policy]);
    const [lead, ...rest] = comparisonFindings(run, scenarios);
    expect(lead).toBe('duty would prevent an estimated 10 re-referrals in 2027-28, its first full year (95% interval 10 to 10), and prevent an estimated 70 over 2027-28 to 2030-31, from its start on 1 April 2027 (70 to 70).');
    for (const year of lead!.match(/\d{4}-\d{2}/g)!) expect(year >= '2027-28', year).toBe(true);
    expect(rest.join(' ')).toContain('Costs and effects are discounted to 2026-27 at 3.5% a year (HM Treasury Green Book, 2022).');
    expect(rest.join(' ')).toContain('of social care savings for every £1 of early help, both discounted');
  });

  it('count a policy that starts mid-year from that year, but quote its first full year', () => {
    const { run, scenarios } = folder([null, '2026-10-01'], [policy]);
    const [lead, money] = comparisonFindings(run, scenarios);
    expect(lead).toMatch(/in 2027-28, its first full year .* over 2026-27 to 2030-31, from its start on 1 October 2026/);
    expect(money).toMatch(/discounted to 2026-27[,.]/);
  });

  it('say that a scenario with no levers has no policy start rather than quoting zeros', () => {
    const { run, scenarios } = folder([null, null], [results('variant', YEARS.map(() => [100, 1e7, 5e7]))]);
    const [first] = comparisonFindings(run, scenarios);
    expect(first).toBe('variant changes no policy lever, so there is no policy start to measure from: its differences from the baseline over the whole horizon, 2024-25 (calibrated) to 2030-31, are in its table below.');
    expect(comparisonFindings(run, scenarios).join(' ')).not.toMatch(/estimated 0 /);
  });
});

describe('--appraisal-year on the command line', () => {
  it('a bad value is one line and exit code 2, before anything runs', async () => {
    const r = await runCli(['compare', 'scenarios/england/baseline.yaml', 'scenarios/england/statutory-duty.yaml', '--appraisal-year', '2026/27']);
    expect(r.code).toBe(2);
    expect(r.err).toBe("ehsim: --appraisal-year must be a financial year written YYYY-YY, such as 2026-27, got '2026/27'");
    const outside = await runCli(['compare', 'scenarios/england/baseline.yaml', 'scenarios/england/statutory-duty.yaml', '--appraisal-year', '2040-41']);
    expect(outside.code).toBe(2);
    expect(outside.err.split('\n')).toHaveLength(1);
    expect(outside.err).toMatch(/--appraisal-year 2040-41 is outside the reported years 2024-25 to /);
    const sweep = await runCli(['sweep', 'scenarios/england/baseline.yaml', 'scenarios/england/funding-restoration.yaml', '--param', 'restorationFunding', '--values', '1e9', '--appraisal-year', 'next']);
    expect([sweep.code, sweep.err.split('\n').length]).toEqual([2, 1]);
    const shard = await runCli(['compare', 'scenarios/england/baseline.yaml', 'scenarios/england/statutory-duty.yaml', '--shard', '0/2', '--appraisal-year', '2026-27']);
    expect(shard.code).toBe(2);
    expect(shard.err).toBe('ehsim: --appraisal-year applies when the shards are merged: give it to ehsim merge, not to a --shard run');
  });

  it('merge checks it, and refuses it for the shards of a run (nothing to discount)', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'ehsim-appraisal-'));
    const run = (k: number) => runCli(['run', 'scenarios/england/baseline.yaml', '--scale', '0.002', '--replicates', '2', '--workers', '1', '--shard', `${k}/2`, '--out', path.join(tmp, `r${k}`)]);
    expect((await run(0)).code).toBe(0);
    expect((await run(1)).code).toBe(0);
    const merge = (year: string) => runCli(['merge', path.join(tmp, 'r0'), path.join(tmp, 'r1'), '--out', path.join(tmp, 'm'), '--appraisal-year', year]);
    const bad = await merge('2026-2027');
    expect([bad.code, bad.err]).toEqual([2, "ehsim: --appraisal-year must be a financial year written YYYY-YY, such as 2026-27, got '2026-2027'"]);
    const ofRun = await merge('2026-27');
    expect([ofRun.code, ofRun.err]).toEqual([2, 'ehsim: --appraisal-year applies to comparisons, and these are shards of a run (nothing is discounted)']);
  }, 60_000);
});
