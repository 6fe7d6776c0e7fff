import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { prepareScenario } from '../../src/runs/prepare.js';
import { meanAndSe, simulate } from '../helpers.js';

const quiet = { out: () => {}, err: () => {} };

describe('levers as data', () => {
  it('a ramp moves in monthly steps along the straight line, reaching the target at its end', () => {
    const p = prepareScenario('tests/fixtures/policy/ramp.yaml');
    const stepDown = (day: number) => {
      let value = p.parameters.get('stepDown')!.value as number;
      for (const e of p.epochs.slice(1)) if (e.start <= day) value = (e.model.states[e.model.stateIndex.get('closure')!]!.transitions[0]!.p);
      return value;
    };
    const from = 1095; // 2027-04-01, three years after the reporting start of 2024-04-01
    const halfway = from + 366; // 2028-04-01 (29 February 2028 falls in the first year)
    const end = halfway + 365; // 2029-04-01
    expect(stepDown(from - 1)).toBe(0.2);
    expect(stepDown(from)).toBeCloseTo(0.2 + 0.24 * (0.5 / 24), 12); // first month: value at mid-month
    expect(stepDown(halfway - 1)).toBeCloseTo(0.2 + 0.24 * (11.5 / 24), 12); // the twelfth month
    expect(stepDown(halfway)).toBeCloseTo(0.2 + 0.24 * (12.5 / 24), 12); // halfway through the ramp, half the change
    expect(stepDown(end - 1)).toBeCloseTo(0.2 + 0.24 * (23.5 / 24), 12);
    expect(stepDown(end)).toBeCloseTo(0.44, 12);
    expect(stepDown(4000)).toBeCloseTo(0.44, 12);
    const plan = p.levers.find((l) => l.lever.entry.name === 'ramp-step-down')!;
    expect(plan.oldValue).toBe(0.2);
    expect(plan.newValue).toBeCloseTo(0.44, 12);
  });

  it('a conditional lever applies only while its condition holds', () => {
    const p = prepareScenario('tests/fixtures/policy/ramp.yaml');
    const plan = p.levers.find((l) => l.lever.entry.name === 'floor-only')!;
    // The baseline's share of referrals closed with no further action (above the 0.05 floor).
    const baseline = p.parameters.get('pNoFurtherActionAtReferral')!.value as number;
    expect(baseline).toBeGreaterThan(0.05);
    expect(plan.oldValue).toBe(baseline);
    expect(plan.newValue).toBe(0.05);
  });

  it.each([
    ['lever-misspelt-parameter', /lever-misspelt-parameter\.yaml:5:16: .*lever 'duty': unknown parameter 'stepdown'/],
    ['lever-after-horizon', /lever-after-horizon\.yaml:7:11: .*lever 'too-late': starts 2036-04-01, after the horizon ends/],
    ['lever-no-change', /lever-no-change\.yaml:6:5: .*lever 'same-value': changes nothing/],
    ['lever-condition-never', /lever-condition-never\.yaml:4:5: .*lever 'floor': changes nothing in any area \(its condition never holds\)/],
    ['lever-unread-parameter', /lever-unread-parameter\.yaml:5:16: .*lever 'unread': 'dutyStepDownTarget' is not used by the model/],
  ])('a lever that changes nothing is an error naming it and its file:line (%s)', async (name, pattern) => {
    const err: string[] = [];
    const code = await main(['validate', `tests/fixtures/bad/${name}.yaml`], { out: () => {}, err: (s) => err.push(s) });
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(pattern);
    const compare = await main(['compare', 'scenarios/england/baseline.yaml', `tests/fixtures/bad/${name}.yaml`, '--scale', '0.001', '--replicates', '1'], quiet);
    expect(compare).toBe(2);
  });
});

describe('levers move the model the right way (common random numbers, scale 0.05, 4 replicates)', () => {
  const R = 4;
  const base = simulate('scenarios/england/baseline.yaml', R, 3, 0.05);
  const duty = simulate('scenarios/england/statutory-duty.yaml', R, 3, 0.05);
  const funding = simulate('scenarios/england/funding-restoration.yaml', R, 3, 0.05);
  const late = simulate('tests/fixtures/policy/late-duty.yaml', R, 3, 0.05);
  /** Paired difference (scenario - baseline) in a year, per replicate, with its MCSE. */
  const diff = (s: typeof base, metric: string, year: number) => meanAndSe(s.metric(metric).map((ys, r) => ys[year]! - base.metric(metric)[r]![year]!));
  const Y = 7; // 2031-32, two years after every ramp (policies from April 2027, two-year ramps)
  /** What a year of full early-help places costs under a scenario's parameters in that year. */
  // Summed over the areas (each simulates its share of its own model's places).
  const earlyHelpIn = (s: typeof base, y: number) => {
    const start = s.prepared.grid.bounds[y]!;
    return s.prepared.areas!.areas.map((a) => ({ share: a.share, eh: [...a.epochs].reverse().find((e) => e.start <= start)!.model.states.find((st) => st.name === 'earlyHelp')! }));
  };
  const places = (s: typeof base, y: number) => earlyHelpIn(s, y).reduce((acc, { share, eh }) => acc + share * eh.places, 0);
  const capacityCost = (s: typeof base, y: number) => {
    const [start, end] = [s.prepared.grid.bounds[y]!, s.prepared.grid.bounds[y + 1]!];
    return earlyHelpIn(s, y).reduce((acc, { share, eh }) => acc + share * eh.places * eh.costPerDay.reduce((a, c) => a + c.amount, 0) * (end - start), 0);
  };

  it('a lever takes effect only from its date: everything before it is identical to the baseline', () => {
    for (const metric of late.prepared.metrics) {
      for (const y of [0, 1, 2, 3]) expect(late.metric(metric).map((ys) => ys[y])).toEqual(base.metric(metric).map((ys) => ys[y]));
    }
    expect(diff(late, 'step_downs', 4).mean).toBeGreaterThan(0);
  });

  it('the duty raises step-downs and, with no new money, grows the waiting list', () => {
    expect(diff(duty, 'step_downs', Y).mean).toBeGreaterThan(4 * diff(duty, 'step_downs', Y).se);
    const wait = diff(duty, 'early_help_waiting_31_march', Y);
    expect(wait.mean).toBeGreaterThan(4 * wait.se);
    const waits = duty.metric('early_help_waiting_31_march').map((ys) => ys[Y]! - ys[0]!);
    expect(Math.min(...waits)).toBeGreaterThan(0);
    // Capacity unchanged: early-help spending can rise only into places the baseline leaves empty
    // (Families First adds places from 2025 while the child population falls), never above them.
    expect(capacityCost(duty, Y)).toBeCloseTo(capacityCost(base, Y), 0);
    for (const ys of duty.metric('cost_early_help')) expect(ys[Y]!).toBeLessThanOrEqual(capacityCost(duty, Y) * 1.0001);
  });

  it('the duty moves places between families: more give up waiting, completions rise only into spare places, re-referrals fall only a little', () => {
    // Pooled over 2029-30 to 2034-35 (after the ramp): the duty's net effect is small because the
    // places stepped-down families take are places other families no longer get.
    const years = [5, 6, 7, 8, 9, 10];
    const pooled = (s: typeof base, metric: string) =>
      meanAndSe(s.metric(metric).map((ys, r) => years.reduce((a, y) => a + ys[y]! - base.metric(metric)[r]![y]!, 0)));
    const baseTotal = (metric: string) => base.metric(metric).reduce((a, ys) => a + years.reduce((b, y) => b + ys[y]!, 0), 0) / R;
    const gaveUp = pooled(duty, 'early_help_disengaged');
    expect(gaveUp.mean).toBeGreaterThan(4 * gaveUp.se);
    // Completions rise only as far as the places the baseline leaves empty allow: never more
    // place-years than are spare (a completed episode takes at least earlyHelpMinMonths).
    const spare = years.reduce((a, y) => a + capacityCost(base, y) - base.metric('cost_early_help').reduce((b, ys) => b + ys[y]!, 0) / R, 0);
    const placeYearCost = capacityCost(base, years[0]!) / (places(base, years[0]!) * ((base.prepared.grid.bounds[years[0]! + 1]! - base.prepared.grid.bounds[years[0]!]!) / 365.25));
    const minYears = (base.prepared.parameters.get('earlyHelpMinMonths')!.value as number) / 12;
    expect(pooled(duty, 'early_help_completions').mean).toBeLessThan(spare / placeYearCost / minYears + 4 * pooled(duty, 'early_help_completions').se);
    const rereferrals = pooled(duty, 'rereferrals_12m');
    expect(rereferrals.mean).toBeLessThan(0);
    expect(-rereferrals.mean).toBeLessThan(0.02 * baseTotal('rereferrals_12m'));
  });

  it('funding alone shortens waits, raises early-help starts and spending, and reduces referrals', () => {
    const starts = diff(funding, 'early_help_starts', Y);
    expect(starts.mean).toBeGreaterThan(4 * starts.se);
    // With Families First in the baseline nobody waits by 2031-32, so waits cannot shorten further.
    expect(diff(funding, 'early_help_mean_wait_days', Y).mean).toBeLessThanOrEqual(0);
    expect(diff(funding, 'early_help_waiting_31_march', Y).mean).toBeLessThanOrEqual(0);
    expect(diff(funding, 'early_help_turned_away', Y).mean).toBeLessThan(0);
    expect(diff(funding, 'cost_early_help', Y).mean).toBeGreaterThan(0);
    const referrals = diff(funding, 'referrals', Y);
    expect(-referrals.mean).toBeGreaterThan(4 * referrals.se);
    expect(diff(funding, 'step_downs', 0).mean).toBe(0);
  });
});

describe('with zero effect size, funding does not change re-referrals beyond Monte Carlo noise', () => {
  it('re-referrals over the horizon: |paired difference| < 4 MCSE', () => {
    // The tolerance is the paired difference's own MCSE, so a 2% sample tests the same thing as a 5% one, faster.
    const R = 6;
    const base = simulate('tests/fixtures/policy/no-effect-baseline.yaml', R, 5, 0.02);
    const funded = simulate('tests/fixtures/policy/no-effect-funding.yaml', R, 5, 0.02);
    const total = (s: typeof base) => s.metric('rereferrals_12m').map((ys) => ys.reduce((a, b) => a + b, 0));
    const d = meanAndSe(total(funded).map((v, r) => v - total(base)[r]!));
    expect(Math.abs(d.mean)).toBeLessThan(4 * d.se);
    // and the money was spent: early-help starts rose
    const starts = funded.metric('early_help_starts').map((ys, r) => ys[7]! - base.metric('early_help_starts')[r]![7]!);
    expect(Math.min(...starts)).toBeGreaterThan(0);
  }, 300_000);
});
