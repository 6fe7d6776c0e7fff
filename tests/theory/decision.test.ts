import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { evppi, frontierAt } from '../../src/analysis/decision.js';
import { summariseEconomics } from '../../src/results/economics.js';
import { uncertaintyInterval } from '../../src/results/psaIntervals.js';
import { ratioOfMeans } from '../../src/results/statistics.js';
import type { OutcomeDeclarations } from '../../src/model/outcomeDeclarations.js';

/** Issue #14: the decision analysis against theory where theory has the answer. */
const rng = seedrandom.alea('decision-theory');
const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
const pdf = (z: number) => Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
function cdf(z: number): number {
  // Abramowitz and Stegun 26.2.17 (error below 7.5e-8).
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const p = 1 - pdf(z) * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return z >= 0 ? p : 1 - p;
}
/** E[max(0, X)] - max(0, mu) for X ~ N(mu, sd): the value of learning X before choosing X or 0. */
const valueOfKnowing = (mu: number, sd: number) => sd * pdf(mu / sd) + mu * cdf(mu / sd) - Math.max(0, mu);

describe('decision analysis against theory', () => {
  // One policy against the baseline: incremental net benefit at wtp 1 is phi + psi (effect), cost 0.
  const D = 4000;
  const [mu, sPhi, sPsi] = [0.3, 1, 0.6];
  const phi = Array.from({ length: D }, () => mu + sPhi * normal());
  const psi = Array.from({ length: D }, () => sPsi * normal());
  const draws = { options: ['baseline', 'policy'], effect: [new Array(D).fill(0), phi.map((p, d) => p + psi[d]!)], cost: [new Array(D).fill(0), new Array(D).fill(0)] };

  it('EVPI is E[max(0, INB)] - max(0, E[INB]) for a normal incremental net benefit', () => {
    const f = frontierAt(draws, 1);
    const theory = valueOfKnowing(mu, Math.hypot(sPhi, sPsi));
    // The estimator's Monte Carlo error: sd of max(0, INB) / sqrt(D) is below sd(INB) / sqrt(D).
    expect(Math.abs(f.evpi - theory)).toBeLessThan(4 * Math.hypot(sPhi, sPsi) / Math.sqrt(D));
    expect(f.probabilityBest[0]! + f.probabilityBest[1]!).toBeCloseTo(1, 12);
    expect(f.optimal).toBe('policy');
  });

  it('EVPPI of each parameter by the regression metamodel matches theory within its standard error and sampling error', () => {
    for (const [values, sd] of [[phi, sPhi], [psi, sPsi]] as const) {
      const e = evppi(draws, [values], 1, 7)!;
      const theory = valueOfKnowing(mu, sd);
      expect(e.se).toBeGreaterThan(0);
      expect(Math.abs(e.evppi - theory)).toBeLessThan(4 * (e.se + sd / Math.sqrt(D)));
    }
  });

  it('EVPPI is null when there are too few draws for the regression', () => {
    const few = { ...draws, effect: draws.effect.map((x) => x.slice(0, 12)), cost: draws.cost.map((x) => x.slice(0, 12)) };
    expect(evppi(few, [phi.slice(0, 12)], 1, 7)).toBeNull();
  });
});

describe('ratios and intervals', () => {
  it('a cost per unit is a ratio of means, not a mean of ratios', () => {
    const r = ratioOfMeans([10, 30], [1, 9])!;
    expect(r.mean).toBeCloseTo(40 / 10, 12);
    expect(r.mean).not.toBeCloseTo((10 + 30 / 9) / 2, 3);
    expect(ratioOfMeans([1, 2], [1, -1])).toBeNull();
  });

  it('a PSA interval from few draws is the t prediction interval; from 40 or more, the percentiles', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8];
    const i = uncertaintyInterval(xs);
    const sd = Math.sqrt(xs.reduce((a, x) => a + (x - 4.5) ** 2, 0) / 7);
    expect(i.hi95 - 4.5).toBeCloseTo(2.364624 * sd * Math.sqrt(1 + 1 / 8), 4);
    const many = Array.from({ length: 41 }, (_, k) => k);
    expect(uncertaintyInterval(many).lo95).toBeCloseTo(1, 12);
    expect(uncertaintyInterval(many).hi95).toBeCloseTo(39, 12);
  });

  it('ICER, quadrant, net monetary benefit and return per £ follow their definitions', () => {
    const o = { effects: [{ name: 'e', metric: 'm', fewerIsBetter: true, label: 'E', unit: 'children' }], costEffectiveness: { effect: 'e', per: 'unit', thresholds: { values: [0, 100], note: 'n' } } } as OutcomeDeclarations;
    const econ = summariseEconomics({ effects: { e: [10, 30] }, perspectives: { council: { cost: [1000, 3000], intervention: [4000, 4000] } } }, o);
    const c = econ.perspectives.council!;
    expect(c.icer).toMatchObject({ value: 100, quadrant: 'north-east' });
    expect(c.net_monetary_benefit.map((n) => n.mean)).toEqual([-2000, 0]);
    expect(c.return_per_pound!.mean).toBeCloseTo(2000 / 4000, 12);
    const saving = summariseEconomics({ effects: { e: [10, 30] }, perspectives: { council: { cost: [-10, -30], intervention: [0, 0] } } }, o);
    expect(saving.perspectives.council!.icer).toMatchObject({ value: null, quadrant: 'south-east' });
    expect(saving.perspectives.council!.return_per_pound).toBeNull();
  });
});
