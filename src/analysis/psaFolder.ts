import { analysisManifest, writeAnalysisFolder, type AnalysisSettings } from '../outputs/analysisFolder.js';
import type { FileContent } from '../outputs/folder.js';
import { renderCharts } from '../report/render.js';
import { toCsv } from '../results/csv.js';
import type { OutcomeInfo } from '../results/outcomes.js';
import { VERSION } from '../version.js';
import { ceacChart, scatterChart } from './charts.js';
import type { PsaResult } from './psa.js';
import type { decisionOutputs } from './decisionOutputs.js';
import { frontierChart } from './frontierChart.js';
import { frontierRows } from './jointPsaFolder.js';
import { setAsideCsv } from './feasibleDraws.js';
import type { GroupsFile } from '../scenario/loadGroups.js';
import { describeDistribution, type UncertainParameter } from './uncertainty.js';

export interface PsaRun {
  baseline: string;
  scenario: string;
  params: UncertainParameter[];
  /** Draws. */
  n: number;
  noiseReplicates: number;
  correlations?: { file: string; sha256: string; correlations: unknown };
  /** The effect weighed against cost, and its unit's name (wtp_per_<perName>). */
  effect: OutcomeInfo & { per: string };
  perName: string;
  result: PsaResult;
  /** The frontier and EVPPI (psa-frontier.csv, psa-evppi.csv). */
  decision: ReturnType<typeof decisionOutputs>;
  groups: GroupsFile | null;
}

/** Writes a probabilistic sensitivity analysis's folder: psa-*.csv, psa-summary.json, manifest.json, the scatter and the acceptability curve. */
export async function writePsaFolder(out: string | undefined, argv: string[], run: PsaRun, settings: AnalysisSettings, started: Date) {
  const { n, noiseReplicates, correlations, params, effect, result: r } = run;
  const args = { baseline: run.baseline, scenario: run.scenario };
  const outcomes = Object.keys(r.summary);
  const files = new Map<string, FileContent>([
    ['psa-parameters.csv', toCsv(['draw', 'parameter', 'value'], r.draws.flatMap((d, i) => [...d].map(([p, v]) => [i, p, v])))],
    ['psa-set-aside.csv', setAsideCsv(r.setAside)],
    ['psa-results.csv', toCsv(['draw', 'replicate', 'outcome', 'value'], r.draws.flatMap((_, d) => outcomes.flatMap((o) => r.perReplicate[o]![d]!.map((v, k) => [d, k, o, v]))))],
    ['psa-acceptability.csv', toCsv([`wtp_per_${run.perName}`, 'probability_positive_net_benefit', 'expected_net_benefit', 'evpi'], r.acceptability.map((a) => [a.wtp, a.probability, a.expectedNetBenefit, a.evpi]))],
    ['psa-frontier.csv', run.decision.frontierCsv],
    ['psa-evppi.csv', run.decision.evppiCsv],
    [
      'psa-summary.json',
      JSON.stringify(
        {
          draws: n,
          draws_set_aside: r.setAside.length,
          replicates_per_draw: settings.replicates,
          probability_saves_money: r.probabilitySavesMoney,
          outcomes: r.summary,
          monte_carlo_noise: { replicates: r.noise.replicates, sd_per_replicate: r.noise.sd },
          acceptability: r.acceptability,
          decision_at_thresholds: run.decision.atThresholds,
          definitions: {
            ...run.decision.definitions,
            outcomes: 'across draws, the per-draw mean (over its replicates) of each horizon outcome: mean, 2.5th/97.5th percentiles, mcse of the mean over draws',
            draws_set_aside: 'attempts whose parameter values made the model impossible (psa-set-aside.csv), each replaced by a new draw: the draws follow the priors conditioned on a possible model',
            sd_total: 'standard deviation across draws',
            sd_monte_carlo: "Monte Carlo noise in one draw's result: the sd over noise replicates at central values / sqrt(replicates per draw)",
            sd_parameters: 'sqrt(sd_total^2 - sd_monte_carlo^2): the spread due to parameter uncertainty',
            probability_saves_money: 'share of draws with net present cost < 0',
            net_benefit: `wtp x ${effect.label.toLowerCase()}, discounted to ${r.appraisal.year} like the costs (years before it left out), - net present cost (discounted to ${r.appraisal.year})`,
            evpi: 'expected value of perfect information for adopt-or-not at that wtp: E[max(NB, 0)] - max(E[NB], 0) (over the whole horizon, for England)',
          },
        },
        null,
        2,
      ) + '\n',
    ],
    [
      'manifest.json',
      JSON.stringify(
        analysisManifest('psa', argv, [args.baseline, args.scenario], settings, started, {
          draws: n,
          noise_replicates: noiseReplicates,
          correlations: correlations
            ? { file: correlations.file, sha256: correlations.sha256, method: 'Gaussian copula on normal scores', pairs: correlations.correlations }
            : 'none: parameters are drawn independently',
          parameters: params.map((p) => ({ name: p.name, unit: p.unit, central: p.value, distribution: describeDistribution(p.distribution) })),
          appraisal: r.appraisal,
          groups: run.groups ? { file: run.groups.file, sha256: run.groups.sha256, groups: run.groups.groups } : 'each parameter alone',
        }),
        null,
        2,
      ) + '\n',
    ],
  ]);
  const meta = { version: VERSION, ...settings };
  const charts = [
    scatterChart(meta, effect, r.discountedEffect.map((e, d) => ({ draw: d, effect: e, cost: r.perDraw.net_present_cost![d]! }))),
    ceacChart(meta, effect, r.acceptability.map((a) => ({ wtp: a.wtp, probability: a.probability }))),
    frontierChart(meta, 'council', effect.per, frontierRows(run.decision.frontierCsv, Object.keys(r.economics.perspectives)[0]!)),
  ];
  return writeAnalysisFolder(out, 'psa', started, files, await renderCharts(charts));
}
