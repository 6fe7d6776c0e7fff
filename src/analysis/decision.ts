import { CholeskyDecomposition, inverse, Matrix, solve } from 'ml-matrix';
import seedrandom from 'seedrandom';

/**
 * A decision between options (the baseline and every policy) from PSA draws: per option and
 * draw, the discounted effect and the net present cost, both against the baseline (whose are 0).
 * Net benefit at willingness to pay λ is λ × effect − cost.
 */
export interface DecisionDraws {
  options: string[];
  /** effect[k][d], cost[k][d] for option k (0: the baseline, all zeros). */
  effect: number[][];
  cost: number[][];
}

const nb = (x: DecisionDraws, wtp: number) => x.options.map((_, k) => x.effect[k]!.map((e, d) => wtp * e - x.cost[k]![d]!));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * The cost-effectiveness acceptability frontier at λ: the option with the highest expected net
 * benefit (what to choose now), the probability each option has the highest net benefit (its
 * acceptability curve) and the expected value of perfect information, E[max_k NB_k] − max_k E[NB_k].
 */
export function frontierAt(x: DecisionDraws, wtp: number) {
  const n = nb(x, wtp);
  const D = n[0]!.length;
  const expected = n.map(mean);
  const optimal = expected.indexOf(Math.max(...expected));
  const wins = new Array<number>(x.options.length).fill(0);
  let perfect = 0;
  for (let d = 0; d < D; d++) {
    let best = 0;
    for (let k = 1; k < n.length; k++) if (n[k]![d]! > n[best]![d]!) best = k;
    wins[best]! += 1;
    perfect += n[best]![d]!;
  }
  return { wtp, optimal: x.options[optimal]!, expected, probabilityBest: wins.map((w) => w / D), evpi: perfect / D - expected[optimal]! };
}

/**
 * The regression's columns for a group of parameters: an intercept, each parameter and its
 * square, and (for up to three parameters) their pairwise products. Values are standardised first.
 */
export function designMatrix(values: number[][]): number[][] {
  const g = values.length;
  const D = values[0]!.length;
  const z = values.map((xs) => {
    const m = mean(xs);
    const sd = Math.sqrt(xs.reduce((a, v) => a + (v - m) ** 2, 0) / Math.max(1, xs.length - 1)) || 1;
    return xs.map((v) => (v - m) / sd);
  });
  return Array.from({ length: D }, (_, d) => {
    const row = [1];
    for (let i = 0; i < g; i++) row.push(z[i]![d]!, z[i]![d]! ** 2);
    if (g <= 3) for (let i = 0; i < g; i++) for (let j = i + 1; j < g; j++) row.push(z[i]![d]! * z[j]![d]!);
    return row;
  });
}

export interface Evppi {
  evppi: number;
  /** Standard error from the regression's own uncertainty (coefficients redrawn from their sampling distribution). */
  se: number;
  columns: number;
}

/**
 * Expected value of partial perfect information about a group of parameters at λ, by the
 * regression metamodel of Strong, Oakley and Brennan (2014): each policy's incremental net benefit
 * is regressed on the group's values (least squares on designMatrix, ml-matrix) and
 * EVPPI = mean_d max(0, max_k ĝ_k(d)) − max(0, max_k mean_d ĝ_k(d)). Its standard error comes from
 * `resamples` redraws of the coefficients from N(β̂, σ̂²(XᵀX)⁻¹), as the authors' SAVI code does.
 * Null when there are too few draws for the columns (fewer than columns + 10).
 */
export function evppi(x: DecisionDraws, groupValues: number[][], wtp: number, seed: number, resamples = 200): Evppi | null {
  const rows = designMatrix(groupValues);
  const D = rows.length;
  const p = rows[0]!.length;
  if (D < p + 10) return null;
  const X = new Matrix(rows);
  const XtXinv = inverse(X.transpose().mmul(X));
  const n = nb(x, wtp);
  const fits = n.slice(1).map((y) => {
    const Y = Matrix.columnVector(y);
    const beta = solve(X, Y);
    const fitted = X.mmul(beta).to1DArray();
    const rss = y.reduce((a, v, d) => a + (v - fitted[d]!) ** 2, 0);
    const cov = XtXinv.clone().mul(rss / (D - p));
    return { beta: beta.to1DArray(), fitted, chol: choleskyOf(cov) };
  });
  const value = (fitted: number[][]) => {
    let perfect = 0;
    for (let d = 0; d < D; d++) perfect += Math.max(0, ...fitted.map((f) => f[d]!));
    return perfect / D - Math.max(0, ...fitted.map(mean));
  };
  const point = value(fits.map((f) => f.fitted));
  const rng = seedrandom.alea(`evppi:${seed}:${wtp}:${groupValues.length}`);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const again = Array.from({ length: resamples }, () =>
    value(
      fits.map((f) => {
        const z = Array.from({ length: p }, normal);
        const b = f.beta.map((bi, i) => bi + f.chol[i]!.reduce((a, l, j) => a + l * z[j]!, 0));
        return rows.map((r) => r.reduce((a, v, i) => a + v * b[i]!, 0));
      }),
    ),
  );
  const m = mean(again);
  const se = Math.sqrt(again.reduce((a, v) => a + (v - m) ** 2, 0) / (resamples - 1));
  return { evppi: point, se, columns: p };
}

/** The lower-triangular factor of a covariance matrix (zeros when it is not positive definite: no spread). */
function choleskyOf(cov: Matrix): number[][] {
  // (XᵀX)⁻¹ is symmetric up to rounding; the decomposition wants it exactly so.
  const c = new CholeskyDecomposition(cov.clone().add(cov.transpose()).div(2));
  return c.isPositiveDefinite() ? c.lowerTriangularMatrix.to2DArray() : cov.to2DArray().map((row) => row.map(() => 0));
}
