import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { cholesky, drawParameters } from '../../src/analysis/psa.js';
import { quantile } from '../../src/analysis/uncertainty.js';
import { nelderMead } from '../../src/calibration/nelderMead.js';
import type { UncertaintySpec } from '../../src/scenario/loadScenario.js';

describe('uncertainty quantiles', () => {
  it.each<[UncertaintySpec, number, number]>([
    [{ type: 'normal', mean: 285000, sd: 11000 }, 0.05, 285000 - 1.6448536269514722 * 11000],
    [{ type: 'uniform', min: 0.15, max: 0.25 }, 0.95, 0.245],
    [{ type: 'lognormal', meanlog: 0.2927, sdlog: 0.11 }, 0.5, Math.exp(0.2927)],
    // Triangular(min -0.16, mode -0.1, max 0): F(mode) = 0.375, so the 5th percentile is min + sqrt(0.05 * 0.16 * 0.06).
    [{ type: 'triangular', min: -0.16, mode: -0.1, max: 0 }, 0.05, -0.16 + Math.sqrt(0.05 * 0.16 * 0.06)],
    [{ type: 'gamma', shape: 1, scale: 2 }, 0.5, 2 * Math.LN2],
  ])('%j at %d', (d, p, expected) => {
    expect(quantile(d, p)).toBeCloseTo(expected, 6);
  });
  it('beta quantiles invert the CDF (Beta(2, 2): F(x) = 3x^2 - 2x^3)', () => {
    const x = quantile({ type: 'beta', alpha: 2, beta: 2 }, 0.05);
    expect(3 * x * x - 2 * x ** 3).toBeCloseTo(0.05, 8);
  });
});

describe('PSA draws', () => {
  const params = [
    { name: 'a', value: 0, unit: 'x', source: '', distribution: { type: 'normal', mean: 0, sd: 1 } as UncertaintySpec },
    { name: 'b', value: 0, unit: 'x', source: '', distribution: { type: 'uniform', min: 0, max: 1 } as UncertaintySpec },
  ];
  it('follow the distribution (mean and sd of 4,000 normal draws within 4 standard errors)', () => {
    const xs = drawParameters(params, 4000, 7).map((d) => d.get('a')!);
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
    expect(Math.abs(m)).toBeLessThan(4 / Math.sqrt(4000));
    expect(Math.abs(sd - 1)).toBeLessThan(4 * Math.sqrt(1 / (2 * 4000)));
  });
  it("are reproducible and a parameter's draws do not depend on which others are drawn", () => {
    const both = drawParameters(params, 50, 3);
    const onlyB = drawParameters([params[1]!], 50, 3);
    expect(both.map((d) => d.get('b'))).toEqual(onlyB.map((d) => d.get('b')));
    expect(drawParameters(params, 50, 3)).toEqual(both);
    expect(drawParameters(params, 50, 4)).not.toEqual(both);
  });
});

describe('correlated PSA draws (Gaussian copula)', () => {
  const params = [
    { name: 'a', value: 0, unit: 'x', source: '', distribution: { type: 'normal', mean: 10, sd: 2 } as UncertaintySpec },
    { name: 'b', value: 0, unit: 'x', source: '', distribution: { type: 'uniform', min: 0, max: 1 } as UncertaintySpec },
    { name: 'c', value: 0, unit: 'x', source: '', distribution: { type: 'gamma', shape: 2, scale: 1 } as UncertaintySpec },
  ];
  it('give the asked correlation of normal scores, keep each distribution, and leave other parameters alone', () => {
    const n = 4000;
    const rho = 0.8;
    const draws = drawParameters(params, n, 5, [{ a: 'a', b: 'b', rho }]);
    const za = draws.map((d) => (d.get('a')! - 10) / 2);
    const zb = draws.map((d) => quantile({ type: 'normal', mean: 0, sd: 1 }, d.get('b')!));
    const r = za.reduce((s, x, i) => s + x * zb[i]!, 0) / Math.sqrt(za.reduce((s, x) => s + x * x, 0) * zb.reduce((s, x) => s + x * x, 0));
    // Standard error of a correlation near rho: (1 - rho^2) / sqrt(n).
    expect(Math.abs(r - rho)).toBeLessThan((4 * (1 - rho * rho)) / Math.sqrt(n));
    const b = draws.map((d) => d.get('b')!);
    expect(Math.min(...b)).toBeGreaterThan(0);
    expect(Math.max(...b)).toBeLessThan(1);
    expect(Math.abs(b.reduce((s, x) => s + x, 0) / n - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    // The first parameter of the matrix and any uncorrelated one draw exactly as without correlations.
    const plain = drawParameters(params, n, 5);
    expect(draws.map((d) => d.get('a'))).toEqual(plain.map((d) => d.get('a')));
    expect(draws.map((d) => d.get('c'))).toEqual(plain.map((d) => d.get('c')));
  });
  it('refuses correlations that cannot hold together', () => {
    expect(() => cholesky([[1, 0.9, 0.9], [0.9, 1, -0.9], [0.9, -0.9, 1]])).toThrow(/not positive definite/);
  });
});

describe('Nelder–Mead', () => {
  it('finds the minimum of the Rosenbrock function (1, 1) from (-1.2, 1)', async () => {
    const rosen = async ([x, y]: number[]) => 100 * (y! - x! * x!) ** 2 + (1 - x!) ** 2;
    const r = await nelderMead(rosen, [-1.2, 1], { step: [0.1, 0.1], maxEvaluations: 2000, fTolerance: 1e-12, xTolerance: 1e-8 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 3);
    expect(r.x[1]).toBeCloseTo(1, 3);
  });
  it('minimises a noisy-free quadratic in 4 dimensions', async () => {
    const target = [3, -2, 0.5, 10];
    const f = async (x: number[]) => x.reduce((s, xi, i) => s + (i + 1) * (xi - target[i]!) ** 2, 0);
    const r = await nelderMead(f, [0, 0, 0, 0], { step: [1, 1, 1, 1], maxEvaluations: 5000, fTolerance: 1e-14, xTolerance: 1e-8 });
    r.x.forEach((xi, i) => expect(xi).toBeCloseTo(target[i]!, 4));
  });
  it('does not use a random number (deterministic)', async () => {
    const rng = seedrandom.alea('x');
    const f = async (x: number[]) => (x[0]! - 0.3) ** 2 + rng() * 0; // rng is never needed
    const a = await nelderMead(f, [0], { step: [0.1], maxEvaluations: 100, fTolerance: 1e-12, xTolerance: 1e-9 });
    const b = await nelderMead(f, [0], { step: [0.1], maxEvaluations: 100, fTolerance: 1e-12, xTolerance: 1e-9 });
    expect(a).toEqual(b);
  });
});
