import { describe, expect, it } from 'vitest';
import { checkDistribution, makeSampler, type DistributionSpec } from '../../src/kernel/distributions.js';
import { nextPoissonArrival } from '../../src/kernel/arrivals.js';
import { StreamFactory } from '../../src/kernel/streams.js';

const N = 200_000;

/** Sample mean must be within 4 Monte Carlo standard errors of the theoretical mean. */
function expectMean(spec: DistributionSpec, theoreticalMean: number) {
  const s = makeSampler(spec);
  const u = new StreamFactory(11, 0).stream(spec.type);
  let sum = 0;
  let ss = 0;
  for (let i = 0; i < N; i++) {
    const x = s.sample(u);
    sum += x;
    ss += x * x;
  }
  const mean = sum / N;
  const sd = Math.sqrt(ss / N - mean * mean);
  const mcse = sd / Math.sqrt(N);
  expect(Math.abs(mean - theoreticalMean)).toBeLessThan(4 * mcse + 1e-12);
  expect(Math.abs(s.mean - theoreticalMean)).toBeLessThan(1e-6 * Math.max(1, theoreticalMean));
}

describe('distributions match their theoretical means', () => {
  it('exponential', () => expectMean({ type: 'exponential', mean: 30 }, 30));
  it('gamma (shape > 1 and < 1)', () => {
    expectMean({ type: 'gamma', shape: 2.5, scale: 4 }, 10);
    expectMean({ type: 'gamma', shape: 0.5, scale: 4 }, 2);
  });
  it('lognormal', () => expectMean({ type: 'lognormal', meanlog: 2, sdlog: 0.5 }, Math.exp(2 + 0.125)));
  it('weibull', () => expectMean({ type: 'weibull', shape: 2, scale: 10 }, 10 * 0.886226925452758));
  it('triangular', () => expectMean({ type: 'triangular', min: 3, mode: 6, max: 12 }, 7));
  it('uniform', () => expectMean({ type: 'uniform', min: 2, max: 4 }, 3));
  it('empirical (piecewise uniform)', () => expectMean({ type: 'empirical', breaks: [0, 10, 20], weights: [3, 1] }, 0.75 * 5 + 0.25 * 15));
  it('mixture', () =>
    expectMean({ type: 'mixture', weights: [0.3, 0.7], components: [{ type: 'exponential', mean: 2 }, { type: 'fixed', value: 10 }] }, 0.3 * 2 + 7));
});

describe('residual-life sampling', () => {
  it('draws beyond the elapsed time with the right conditional law (Weibull)', () => {
    const s = makeSampler({ type: 'weibull', shape: 0.8, scale: 100 });
    const u = new StreamFactory(5, 0).stream('w');
    const elapsed = 50;
    const draws = Array.from({ length: 50_000 }, () => s.sampleBeyond(u, elapsed));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(elapsed);
    // P(X > 150 | X > 50) = S(150)/S(50)
    const S = (x: number) => 1 - s.cdf(x);
    const p = S(150) / S(elapsed);
    const observed = draws.filter((d) => d > 150).length / draws.length;
    expect(Math.abs(observed - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / draws.length));
  });

  it('works for distributions sampled by rejection (gamma) and for mixtures', () => {
    const u = new StreamFactory(5, 1).stream('g');
    for (const spec of [
      { type: 'gamma', shape: 2, scale: 10 },
      { type: 'mixture', weights: [0.5, 0.5], components: [{ type: 'exponential', mean: 5 }, { type: 'lognormal', meanlog: 4, sdlog: 1 }] },
    ] as DistributionSpec[]) {
      const s = makeSampler(spec);
      for (let i = 0; i < 1000; i++) expect(s.sampleBeyond(u, 20)).toBeGreaterThanOrEqual(20);
    }
  });
});

describe('impossible parameters are rejected', () => {
  it.each([
    [{ type: 'exponential', mean: 0 }],
    [{ type: 'gamma', shape: -1, scale: 2 }],
    [{ type: 'weibull', shape: 1, scale: 0 }],
    [{ type: 'lognormal', meanlog: 0, sdlog: -1 }],
    [{ type: 'uniform', min: 5, max: 1 }],
    [{ type: 'triangular', min: 1, mode: 9, max: 5 }],
    [{ type: 'empirical', breaks: [0, 1], weights: [1, 2] }],
    [{ type: 'mixture', weights: [1], components: [] }],
  ] as [DistributionSpec][])('%j', (spec) => {
    expect(checkDistribution(spec)).not.toBeNull();
    expect(() => makeSampler(spec)).toThrow(RangeError);
  });
});

describe('Poisson arrivals with piecewise rates', () => {
  it('gives counts with the right mean in each period', () => {
    const u = new StreamFactory(9, 0).stream('arrivals');
    const bounds = [0, 100, 300];
    const rates = [2, 0.5];
    const counts = [0, 0];
    let t = 0;
    for (;;) {
      t = nextPoissonArrival(u, t, bounds, rates);
      if (t === Infinity) break;
      counts[t < 100 ? 0 : 1]!++;
    }
    // Poisson: variance = mean, so 4 SE = 4 sqrt(mean).
    expect(Math.abs(counts[0]! - 200)).toBeLessThan(4 * Math.sqrt(200));
    expect(Math.abs(counts[1]! - 100)).toBeLessThan(4 * Math.sqrt(100));
  });
});
