import { describe, expect, it } from 'vitest';
import { meanAndSe, simulate } from '../helpers.js';

/**
 * Issue #2 §7: `ehsim run scenarios/england/baseline.yaml --scale 0.1 --replicates 5`
 * reproduces the 2019-20 targets (DATA.md §1 and §7.1) within the stated tolerances.
 */
const run = simulate('scenarios/england/baseline.yaml', 5, 1, 0.1);
const first = (metric: string) => meanAndSe(run.metric(metric).map((years) => years[0]!)).mean;

const relative: [string, number, number][] = [
  ['referrals', 642_980, 0.05],
  ['assessed_not_in_need', 194_190, 0.07],
  ['cin_31_march', 389_260, 0.07],
  ['cin_in_year', 706_830, 0.07],
  ['cp_starts', 66_380, 0.07],
  ['cp_31_march', 51_510, 0.07],
  ['cla_starts', 30_970, 0.07],
  ['cla_31_march', 80_080, 0.05],
  ['early_help_children_in_year', 517_000, 0.07],
];
const absolute: [string, number, number][] = [
  ['rereferral_rate_12m', 0.226, 0.02],
  ['closed_no_service_rereferred_12m_rate', 0.25, 0.04],
  ['prevention_ratio', 0.73, 0.05],
];

describe('England baseline reproduces 2019-20', () => {
  it.each(relative)('%s ≈ %d (±%d)', (metric, target, tol) => {
    expect(Math.abs(first(metric) / target - 1)).toBeLessThanOrEqual(tol);
  });
  it.each(absolute)('%s ≈ %d (±%d)', (metric, target, tol) => {
    expect(Math.abs(first(metric) - target)).toBeLessThanOrEqual(tol);
  });
  it('no further action at referral is 6.3% of referrals (±1.5 points)', () => {
    expect(Math.abs(first('referrals_nfa') / first('referrals') - 0.063)).toBeLessThanOrEqual(0.015);
  });
  it('step-downs are 15-25% of children assessed not in need', () => {
    const share = first('step_downs') / first('assessed_not_in_need');
    expect(share).toBeGreaterThanOrEqual(0.15);
    expect(share).toBeLessThanOrEqual(0.25);
  });
  it('runs to 2029-30 and the projection does not drift (constant parameters, so within 3% of 2019-20)', () => {
    expect(run.prepared.grid.labels.at(-1)).toBe('2029-30');
    for (const metric of ['referrals', 'cin_31_march', 'cp_31_march', 'cla_31_march', 'early_help_children_in_year']) {
      const last = meanAndSe(run.metric(metric).map((years) => years.at(-1)!)).mean;
      expect(Math.abs(last / first(metric) - 1), metric).toBeLessThan(0.03);
    }
  });
});
