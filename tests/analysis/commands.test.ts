import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as cli } from '../helpers.js';

/** Issue #6: explain, sensitivity (tornado, PSA), sweep with a threshold, calibrate. */
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ehsim-analysis-'));
const BASE = 'scenarios/england/baseline.yaml';
const FUNDING = 'scenarios/england/funding-restoration.yaml';


function csv(file: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => {
    const cells = l.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'));
    return Object.fromEntries(cols.map((c, i) => [c, cells[i]!]));
  });
}

describe('ehsim explain', () => {
  it('lists every parameter with value, unit, source, uncertainty, file:line and the levers that set it', async () => {
    const md = await cli(['explain', 'scenarios/england/duty-and-funding.yaml']);
    expect(md.code).toBe(0);
    expect(md.out).toContain('75 parameters, 17 with an uncertainty distribution, 2 levers');
    expect(md.out).toMatch(/\| `stepDown` \| 0\.2 \| probability \|  \| uniform\(min 0\.15, max 0\.25\) \| .*\| scenarios\/england\/baseline\.yaml:\d+ \| early-help-duty \(scenarios\/england\/statutory-duty\.yaml:\d+\): 0\.2 -> 0\.5 from 2020-04-01 over 2 years \|/);
    const c = await cli(['explain', 'scenarios/england/duty-and-funding.yaml', '--csv']);
    expect(c.code).toBe(0);
    const lines = c.out.split('\n');
    expect(lines[0]).toBe('parameter,value,unit,formula,price_year,distribution,source,source_url,set_in,levers,read_by');
    expect(lines.length).toBe(76);
    expect(c.out).toMatch(/\nearlyHelpCostPerEpisode,[^\n]*,GBP per child episode,,2019-20,"triangular\(min 2300, mode 2300, max 5200\)",/);
  });
  it('bad input exits 2', async () => {
    expect((await cli(['explain', 'tests/fixtures/bad/unknown-key.yaml'])).code).toBe(2);
  });
});

describe('ehsim sensitivity --tornado', () => {
  it('moves the outcomes in the direction each parameter should push them', async () => {
    const out = path.join(tmp, 'tornado');
    const r = await cli(['sensitivity', BASE, FUNDING, '--tornado', '--params', 'referralElasticityToEarlyIntervention,restorationFunding', '--scale', '0.005', '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const rows = csv(path.join(out, 'tornado.csv'));
    const at = (parameter: string, percentile: string, outcome: string) => Number(rows.find((x) => x.parameter === parameter && x.percentile === percentile && x.outcome === outcome)!.mean);
    const central = (outcome: string) => at('(all central)', 'central', outcome);
    // A more negative elasticity (its 5th percentile) means more families kept away by the funding.
    expect(at('referralElasticityToEarlyIntervention', 'p05', 'rereferrals_avoided')).toBeGreaterThan(central('rereferrals_avoided'));
    expect(at('referralElasticityToEarlyIntervention', 'p95', 'rereferrals_avoided')).toBeLessThan(central('rereferrals_avoided'));
    // More money buys more early help: more avoided and a higher net cost.
    expect(at('restorationFunding', 'p95', 'rereferrals_avoided')).toBeGreaterThan(central('rereferrals_avoided'));
    expect(at('restorationFunding', 'p05', 'rereferrals_avoided')).toBeLessThan(central('rereferrals_avoided'));
    expect(at('restorationFunding', 'p95', 'net_present_cost')).toBeGreaterThan(central('net_present_cost'));
    expect(at('restorationFunding', 'p05', 'net_present_cost')).toBeLessThan(central('net_present_cost'));
    // The percentiles are those of the distributions: uniform(1.7e9, 2.2e9) -> 1.725e9 and 2.175e9.
    expect(Number(rows.find((x) => x.parameter === 'restorationFunding' && x.percentile === 'p05')!.parameter_value)).toBeCloseTo(1.725e9, -3);
    for (const f of ['tornado-rereferrals_avoided', 'tornado-net_present_cost']) for (const ext of ['.vl.json', '.svg', '.png']) expect(existsSync(path.join(out, f + ext)), f + ext).toBe(true);
  }, 120_000);
});

describe('ehsim sensitivity --psa', () => {
  it('writes per-draw results, the probability of saving money, the acceptability curve and EVPI', async () => {
    const out = path.join(tmp, 'psa');
    const r = await cli(['sensitivity', BASE, FUNDING, '--psa', '6', '--params', 'referralElasticityToEarlyIntervention,earlyHelpCostPerEpisode', '--noise-replicates', '3', '--scale', '0.005', '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(csv(path.join(out, 'psa-parameters.csv')).length).toBe(6 * 2);
    const results = csv(path.join(out, 'psa-results.csv'));
    expect(results.length).toBe(6 * 1 * 8);
    const s = JSON.parse(readFileSync(path.join(out, 'psa-summary.json'), 'utf8'));
    expect(s.probability_saves_money).toBeGreaterThanOrEqual(0);
    expect(s.probability_saves_money).toBeLessThanOrEqual(1);
    const npc = results.filter((x) => x.outcome === 'net_present_cost').map((x) => Number(x.value));
    expect(s.probability_saves_money).toBe(npc.filter((v) => v < 0).length / npc.length);
    const o = s.outcomes.rereferrals_avoided;
    expect(o.sd_parameters).toBeGreaterThan(0);
    expect(o.sd_monte_carlo).toBeGreaterThan(0);
    expect(o.sd_parameters ** 2 + o.sd_monte_carlo ** 2).toBeCloseTo(o.sd_total ** 2, -2);
    const ceac = csv(path.join(out, 'psa-acceptability.csv'));
    expect(ceac.length).toBe(31);
    for (const row of ceac) expect(Number(row.evpi)).toBeGreaterThanOrEqual(0);
    // Probability of positive net benefit cannot fall as willingness to pay rises when every draw avoids re-referrals.
    const probs = ceac.map((x) => Number(x.probability_positive_net_benefit));
    for (let i = 1; i < probs.length; i++) expect(probs[i]).toBeGreaterThanOrEqual(probs[i - 1]!);
    for (const f of ['psa-cost-effect', 'psa-acceptability']) expect(existsSync(path.join(out, `${f}.png`))).toBe(true);
  }, 120_000);

  it('takes a correlations file, records it, and refuses one naming a parameter not varied (exit 2)', async () => {
    const out = path.join(tmp, 'psa-corr');
    const r = await cli(['sensitivity', BASE, FUNDING, '--psa', '3', '--correlations', 'scenarios/england/psa-correlations.yaml', '--noise-replicates', '2', '--scale', '0.003', '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.correlations.pairs.length).toBe(2);
    const bad = await cli(['sensitivity', BASE, FUNDING, '--psa', '3', '--params', 'stepDown,restorationFunding', '--correlations', 'scenarios/england/psa-correlations.yaml', '--scale', '0.003', '--out', path.join(tmp, 'never-psa')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/psa-correlations\.yaml:\d+:\d+: correlations\.0\.a: 'earlyHelpCostPerEpisode' is not one of the parameters being varied/);
    expect(existsSync(path.join(tmp, 'never-psa'))).toBe(false);
  }, 120_000);
});

describe('ehsim sweep', () => {
  it('finds the elasticity at which £1.93bn a year pays for itself, and running there gives net present cost 0', async () => {
    const out = path.join(tmp, 'sweep');
    const r = await cli(['sweep', BASE, FUNDING, '--param', 'referralElasticityToEarlyIntervention', '--range=-0.8:0:3', '--find-threshold', 'net_present_cost=0', '--scale', '0.005', '--replicates', '2', '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const rows = csv(path.join(out, 'sweep.csv'));
    expect(rows.filter((x) => x.outcome === 'net_present_cost').length).toBe(3);
    const t = JSON.parse(readFileSync(path.join(out, 'threshold.json'), 'utf8'));
    expect(t.found).toBe(true);
    expect(t.value).toBeGreaterThan(-0.8);
    expect(t.value).toBeLessThan(0);
    // Run the comparison again at the threshold: net present cost is 0 within its Monte Carlo standard error.
    const check = path.join(tmp, 'sweep-check');
    expect((await cli(['sweep', BASE, FUNDING, '--param', 'referralElasticityToEarlyIntervention', '--values', String(t.value), '--scale', '0.005', '--replicates', '2', '--out', check])).code).toBe(0);
    const at = csv(path.join(check, 'sweep.csv')).find((x) => x.outcome === 'net_present_cost')!;
    expect(Math.abs(Number(at.mean))).toBeLessThanOrEqual(Number(at.mcse));
    // ... and the response is monotone: a more negative elasticity saves more.
    const npc = rows.filter((x) => x.outcome === 'net_present_cost').map((x) => Number(x.mean));
    expect(npc[0]).toBeLessThan(npc[1]!);
    expect(npc[1]).toBeLessThan(npc[2]!);
  }, 180_000);

  it.each([
    [['--param', 'noSuchParameter', '--values', '1,2'], /no parameter 'noSuchParameter'/],
    [['--param', 'restorationFunding', '--range', '1:2'], /--range must be from:to:steps/],
    [['--param', 'restorationFunding', '--values', '1,x'], /--values must be numbers/],
    [['--param', 'restorationFunding', '--values', '1,2', '--find-threshold', 'cost=0'], /unknown outcome 'cost'/],
    [['--param', 'newReferralsPerYear', '--values', '1,2'], /is a formula/],
    [['--param', 'stepDown', '--values', '1.5'], /stepDown = 1.5 is impossible/],
  ])('refuses %j with exit 2', async (flags, pattern) => {
    const r = await cli(['sweep', BASE, FUNDING, ...flags, '--scale', '0.001', '--replicates', '1', '--out', path.join(tmp, 'never')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(pattern);
    expect(existsSync(path.join(tmp, 'never'))).toBe(false);
  });
});

describe('ehsim calibrate', () => {
  it('recovers calibrated parameters moved 16% away: every target back within tolerance, reproducible from the seed', async () => {
    const out = path.join(tmp, 'calibrate');
    const args = ['calibrate', 'tests/fixtures/calibration/perturbed-baseline.yaml', '--targets', 'scenarios/england/targets-2019-20.yaml', '--params', 'newReferralsBase,pAssessmentToChildProtection', '--scale', '0.01', '--replicates', '2', '--max-evaluations', '60', '--out', out];
    const r = await cli(args);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const fit = csv(path.join(out, 'calibration-fit.csv'));
    expect(fit.length).toBe(14);
    expect(fit.filter((x) => x.within_before === 'no').length).toBeGreaterThan(0);
    for (const row of fit) expect(row.within_after, row.metric).toBe('yes');
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.objective_after).toBeLessThan(manifest.objective_before / 10);
    const fitted = Object.fromEntries(manifest.parameters.map((p: { name: string; fitted: number }) => [p.name, p.fitted]));
    // The baseline's own value is 285,000 (referrals target tolerance 5%).
    expect(Math.abs(fitted.newReferralsBase / 285_000 - 1)).toBeLessThan(0.05);
    // The overlay scenario runs, and reproduces the fit's simulated referrals exactly with the same seed.
    const overlay = path.join(out, 'perturbed-baseline-calibrated.yaml');
    expect((await cli(['validate', overlay])).code).toBe(0);
    const run = path.join(tmp, 'refit-run');
    expect((await cli(['run', overlay, '--scale', '0.01', '--replicates', '2', '--out', run])).code).toBe(0);
    const referrals = csv(path.join(run, 'annual.csv')).find((x) => x.metric === 'referrals' && x.year === '2019-20')!;
    const simulated = Number(fit.find((x) => x.metric === 'referrals')!.simulated_after);
    expect(Number(referrals.mean)).toBeCloseTo(simulated, 6);
    expect(existsSync(path.join(out, 'fit-report.md'))).toBe(true);
    expect(existsSync(path.join(out, 'calibration-fit.png'))).toBe(true);
  }, 240_000);
});
