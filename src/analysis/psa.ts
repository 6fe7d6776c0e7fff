import { StreamFactory } from '../simulation/streams.js';
import { summarise, type Summary } from '../results/statistics.js';
import { OUTCOMES, type OutcomeName } from './outcomes.js';
import { mean, runPairedVariants, type PairedSettings } from './pairedRuns.js';
import { quantile, type UncertainParameter } from './uncertainty.js';

/**
 * Parameter draws for a probabilistic analysis: draw d of parameter p is the inverse CDF of
 * p's distribution at a uniform from the stream keyed (seed, d, 'psa', p), so a draw does not
 * depend on which other parameters are varied or in what order.
 */
export function drawParameters(params: UncertainParameter[], draws: number, seed: number): Map<string, number>[] {
  return Array.from({ length: draws }, (_, d) => {
    const streams = new StreamFactory(seed, d, 'psa');
    return new Map(params.map((p) => [p.name, quantile(p.distribution, clampOpen(streams.stream(p.name)()))]));
  });
}

/** Keeps u inside (0, 1) so unbounded distributions give finite quantiles. */
function clampOpen(u: number): number {
  return Math.min(Math.max(u, 1e-12), 1 - 1e-12);
}

export interface PsaResult {
  draws: Map<string, number>[];
  /** Per draw: the mean over its replicates of each outcome. */
  perDraw: Record<OutcomeName, number[]>;
  /** Per draw and replicate. */
  perReplicate: Record<OutcomeName, number[][]>;
  summary: Record<OutcomeName, Summary & { sd_total: number; sd_monte_carlo: number; sd_parameters: number }>;
  probabilitySavesMoney: number;
  acceptability: { wtp: number; probability: number; expectedNetBenefit: number; evpi: number }[];
  noise: { replicates: number; sd: Record<OutcomeName, number> };
}

const sd = (xs: number[]) => {
  const m = mean(xs);
  return xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1)) : 0;
};

/**
 * Probabilistic sensitivity analysis: every draw run as a paired comparison with its own
 * replicates (independent Monte Carlo noise). Monte Carlo noise is measured apart, from
 * `noiseReplicates` replicates at the central values: its share of the spread across draws
 * is sd_mc^2 / R, and the rest is put down to the parameters.
 */
export async function runPsa(
  baseline: string,
  scenario: string,
  params: UncertainParameter[],
  n: number,
  wtps: number[],
  noiseReplicates: number,
  settings: PairedSettings,
): Promise<PsaResult> {
  const draws = drawParameters(params, n, settings.seed);
  const outcomes = Object.keys(OUTCOMES) as OutcomeName[];
  const [results, noiseRun] = [
    await runPairedVariants(baseline, scenario, draws, { ...settings, distinctReplicates: true }),
    await runPairedVariants(baseline, scenario, [new Map()], { ...settings, replicates: noiseReplicates }),
  ];
  const perReplicate = Object.fromEntries(outcomes.map((o) => [o, results.map((r) => r.outcomes[o])])) as Record<OutcomeName, number[][]>;
  const perDraw = Object.fromEntries(outcomes.map((o) => [o, perReplicate[o].map((xs) => mean(xs))])) as Record<OutcomeName, number[]>;
  const noiseSd = Object.fromEntries(outcomes.map((o) => [o, sd(noiseRun[0]!.outcomes[o])])) as Record<OutcomeName, number>;
  const summary = Object.fromEntries(
    outcomes.map((o) => {
      const total = sd(perDraw[o]);
      const mc = noiseSd[o] / Math.sqrt(settings.replicates);
      return [o, { ...summarise(perDraw[o]), sd_total: total, sd_monte_carlo: mc, sd_parameters: Math.sqrt(Math.max(0, total ** 2 - mc ** 2)) }];
    }),
  ) as PsaResult['summary'];
  const effect = perDraw.rereferrals_avoided;
  const cost = perDraw.net_present_cost;
  const acceptability = wtps.map((wtp) => {
    const nb = effect.map((e, i) => wtp * e - cost[i]!);
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
    perDraw,
    perReplicate,
    summary,
    probabilitySavesMoney: cost.filter((c) => c < 0).length / cost.length,
    acceptability,
    noise: { replicates: noiseReplicates, sd: noiseSd },
  };
}
