import { describe, expect, it } from 'vitest';
import { loadTargets, toleranceOf } from '../../src/scenario/loadTargets.js';
import { meanAndSe, simulate } from '../helpers.js';

/**
 * Issue #2 §7: `ehsim run scenarios/england/baseline.yaml --scale 0.1 --replicates 5`
 * reproduces the 2019-20 targets (DATA.md §1 and §7.1, scenarios/england/targets-2019-20.yaml)
 * within the tolerances that file states.
 */
const run = simulate('scenarios/england/baseline.yaml', 5, 1, 0.1);
const first = (metric: string) => meanAndSe(run.metric(metric).map((years) => years[0]!)).mean;

const targets = loadTargets('scenarios/england/targets-2019-20.yaml').targets;

describe('England baseline reproduces 2019-20', () => {
  it('the baseline names this targets file', () => {
    expect(run.prepared.targets?.file).toBe('scenarios/england/targets-2019-20.yaml');
  });
  it.each(targets.map((t) => [t.metric, t.observed, t] as const))('%s ≈ %d within its tolerance', (metric, observed, t) => {
    expect(t.year).toBe('2019-20');
    expect(Math.abs(first(metric) - observed)).toBeLessThanOrEqual(toleranceOf(t));
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
