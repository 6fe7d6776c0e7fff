import { StreamFactory } from '../kernel/streams.js';
import { summarise, type Summary } from '../results/statistics.js';
import { discountedName } from '../results/comparison.js';
import type { EconomicValues } from '../results/economics.js';
import { mean, runPairedDraws, runPairedVariants, type PairedSettings, type PairedVariant } from './pairedRuns.js';
import type { SetAside } from './feasibleDraws.js';
import { jStat, quantile, type UncertainParameter } from './uncertainty.js';

/** Correlations between the normal scores of parameters' draws (a Gaussian copula). */
export interface Correlation {
  a: string;
  b: string;
  rho: number;
}

/**
 * Parameter draws for a probabilistic analysis: draw d of parameter p is the inverse CDF of
 * p's distribution at a uniform from the stream keyed (seed, d, 'psa', p), so a draw does not
 * depend on which other parameters are varied or in what order. With correlations, the uniforms
 * of the parameters involved are turned into normal scores, mixed by the Cholesky factor of the
 * correlation matrix and turned back (a Gaussian copula): each keeps its own distribution.
 */
export function drawParameters(params: UncertainParameter[], draws: number, seed: number, correlations: Correlation[] = []): Map<string, number>[] {
  const draw = parameterDrawer(params, seed, correlations);
  return Array.from({ length: draws }, (_, d) => draw(d, 0));
}

/**
 * Draw d's values at a given attempt: attempt 0 is drawParameters' draw d; a draw whose values
 * make the model impossible is drawn again from streams keyed (seed, d, 'psa#attempt').
 */
export function parameterDrawer(params: UncertainParameter[], seed: number, correlations: Correlation[] = []): (d: number, attempt: number) => Map<string, number> {
  const names = params.map((p) => p.name);
  const L = correlations.length ? cholesky(correlationMatrix(names, correlations)) : null;
  return (d, attempt) => {
    const streams = new StreamFactory(seed, d, attempt === 0 ? 'psa' : `psa#${attempt}`);
    let u = names.map((name) => clampOpen(streams.stream(name)()));
    if (L) {
      const z = u.map((x) => jStat.normal.inv(x, 0, 1));
      // Rows that are unit vectors (parameters mixed with none before them) keep their uniform exactly.
      u = L.map((row, i) => (isUnitRow(row, i) ? u[i]! : clampOpen(jStat.normal.cdf(row.reduce((acc, l, j) => acc + l * z[j]!, 0), 0, 1))));
    }
    return new Map(params.map((p, i) => [p.name, quantile(p.distribution, u[i]!)]));
  };
}

function isUnitRow(row: number[], i: number): boolean {
  return row.every((l, j) => (j === i ? l === 1 : l === 0));
}

function correlationMatrix(names: string[], correlations: Correlation[]): number[][] {
  const m: number[][] = names.map((_, i) => names.map((__, j) => (i === j ? 1 : 0)));
  for (const c of correlations) {
    const i = names.indexOf(c.a);
    const j = names.indexOf(c.b);
    m[i]![j] = c.rho;
    m[j]![i] = c.rho;
  }
  return m;
}

/** Lower-triangular L with L Lᵀ = m; throws if m is not positive definite. */
export function cholesky(m: number[][]): number[][] {
  const n = m.length;
  const L = m.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = m[i]![j]!;
      for (let k = 0; k < j; k++) sum -= L[i]![k]! * L[j]![k]!;
      if (i === j) {
        if (!(sum > 1e-12)) throw new RangeError('the correlations are not consistent with one another (the matrix is not positive definite)');
        L[i]![i] = Math.sqrt(sum);
      } else L[i]![j] = sum / L[j]![j]!;
    }
  }
  return L;
}

/** Keeps u inside (0, 1) so unbounded distributions give finite quantiles. */
function clampOpen(u: number): number {
  return Math.min(Math.max(u, 1e-12), 1 - 1e-12);
}

export interface PsaResult {
  draws: Map<string, number>[];
  /** Attempts set aside because their values made the model impossible (each replaced by a new draw). */
  setAside: SetAside[];
  /** Per draw: the mean over its replicates of each outcome. */
  perDraw: Record<string, number[]>;
  /** Per draw and replicate. */
  perReplicate: Record<string, number[][]>;
  summary: Record<string, Summary & { sd_total: number; sd_monte_carlo: number; sd_parameters: number }>;
  probabilitySavesMoney: number;
  acceptability: { wtp: number; probability: number; expectedNetBenefit: number; evpi: number }[];
  noise: { replicates: number; sd: Record<string, number> };
  /** Per draw: the cost-effectiveness effect discounted to the appraisal year (what net benefit values). */
  discountedEffect: number[];
  /** The appraisal year and schedule the present values are discounted with. */
  appraisal: PairedVariant['appraisal'];
  /** Per draw: effects and each perspective's costs, discounted alike (the mean over its replicates). */
  economics: EconomicValues;
}

const sd = (xs: number[]) => {
  const m = mean(xs);
  return xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1)) : 0;
};

/**
 * Probabilistic sensitivity analysis: every draw run as a paired comparison with its own
 * replicates (independent Monte Carlo noise). Monte Carlo noise is measured apart, from
 * `noiseReplicates` replicates at the central values: its share of the spread across draws
 * is sd_mc^2 / R, and the rest is put down to the parameters. Net benefit weighs `effect`
 * (an outcome name: the model's cost-effectiveness effect), discounted like the costs, against
 * the net present cost.
 */
export async function runPsa(
  baseline: string,
  scenario: string,
  params: UncertainParameter[],
  n: number,
  wtps: number[],
  noiseReplicates: number,
  effect: string,
  settings: PairedSettings,
  correlations: Correlation[] = [],
): Promise<PsaResult> {
  const drawn = await runPairedDraws(baseline, scenario, parameterDrawer(params, settings.seed, correlations), n, settings);
  const results = drawn.variants;
  const draws = results.map((r) => r.overrides as Map<string, number>);
  const noiseRun = await runPairedVariants(baseline, scenario, [new Map()], { ...settings, replicates: noiseReplicates });
  const outcomes = Object.keys(results[0]!.outcomes);
  const perReplicate = Object.fromEntries(outcomes.map((o) => [o, results.map((r) => r.outcomes[o]!)]));
  const perDraw = Object.fromEntries(outcomes.map((o) => [o, perReplicate[o]!.map((xs) => mean(xs))]));
  const noiseSd = Object.fromEntries(outcomes.map((o) => [o, sd(noiseRun[0]!.outcomes[o]!)]));
  const summary = Object.fromEntries(
    outcomes.map((o) => {
      const total = sd(perDraw[o]!);
      const mc = noiseSd[o]! / Math.sqrt(settings.replicates);
      return [o, { ...summarise(perDraw[o]!), sd_total: total, sd_monte_carlo: mc, sd_parameters: Math.sqrt(Math.max(0, total ** 2 - mc ** 2)) }];
    }),
  );
  // Effects discounted to the appraisal year as the costs are: willingness to pay is per effect valued today.
  const gained = results.map((r) => mean(r.discounted[discountedName(effect)]!));
  const cost = perDraw.net_present_cost!;
  const acceptability = wtps.map((wtp) => {
    const nb = gained.map((e, i) => wtp * e - cost[i]!);
    const enb = mean(nb);
    return {
      wtp,
      probability: nb.filter((x) => x > 0).length / nb.length,
      expectedNetBenefit: enb,
      // Two options (adopt the policy or not): EVPI = E[max(NB, 0)] - max(E[NB], 0).
      evpi: mean(nb.map((x) => Math.max(x, 0))) - Math.max(enb, 0),
    };
  });
  return {
    draws,
    setAside: drawn.setAside,
    perDraw,
    perReplicate,
    summary,
    probabilitySavesMoney: cost.filter((c) => c < 0).length / cost.length,
    acceptability,
    noise: { replicates: noiseReplicates, sd: noiseSd },
    discountedEffect: gained,
    appraisal: results[0]!.appraisal,
    economics: meanEconomics(results.map((r) => r.economics)),
  };
}

/** One value per draw: each draw's economics averaged over its replicates. */
export function meanEconomics(perDraw: EconomicValues[]): EconomicValues {
  const first = perDraw[0]!;
  return {
    effects: Object.fromEntries(Object.keys(first.effects).map((e) => [e, perDraw.map((d) => mean(d.effects[e]!))])),
    perspectives: Object.fromEntries(
      Object.keys(first.perspectives).map((p) => [p, { cost: perDraw.map((d) => mean(d.perspectives[p]!.cost)), intervention: perDraw.map((d) => mean(d.perspectives[p]!.intervention)) }]),
    ),
  };
}
