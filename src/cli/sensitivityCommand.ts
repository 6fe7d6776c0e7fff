import { ceacChart, scatterChart, tornadoChart } from '../analysis/charts.js';
import { analysisHeadline, horizonOutcomes, mainEffect, type OutcomeInfo } from '../results/outcomes.js';
import { drawParameters, runPsa } from '../analysis/psa.js';
import { runTornado } from '../analysis/tornado.js';
import { describeDistribution, uncertainParameters, type UncertainParameter } from '../analysis/uncertainty.js';
import { prepareScenario } from '../pipeline.js';
import { toCsv } from '../results/csv.js';
import type { FileContent } from '../results/outputFolder.js';
import { argumentError, InputError } from '../scenario/inputError.js';
import { loadCorrelations } from '../scenario/loadCorrelations.js';
import { VERSION } from '../version.js';
import { analysisManifest, parseAnalysisSettings, writeAnalysisFolder, type AnalysisSettings } from './analysisOutput.js';
import { onInterrupt } from './interrupt.js';
import { progressBar } from './progress.js';

export interface SensitivityArgs {
  baseline: string;
  scenario: string;
  tornado?: boolean;
  psa?: unknown;
  params?: string;
  wtpMax?: unknown;
  wtpSteps?: unknown;
  noiseReplicates?: unknown;
  correlations?: string;
  replicates?: unknown;
  seed: unknown;
  scale: unknown;
  workers?: unknown;
  out?: string;
}

/** £bn for money, a whole number otherwise. */
const inBillions = (o: OutcomeInfo, v: number) => (o.unit === 'GBP' ? `£${(v / 1e9).toFixed(2)}bn` : Math.round(v).toLocaleString('en-GB'));

const whole = (raw: unknown, flag: string, min: number) => {
  const s = String(raw).trim();
  if (!/^\d+$/.test(s) || Number(s) < min) throw argumentError(`${flag} must be a whole number of at least ${min}, got '${raw}'`);
  return Number(s);
};

/** The parameters to vary: every uncertain one the comparison reads, or the --params subset. */
function chooseParameters(args: SensitivityArgs): UncertainParameter[] {
  const all = uncertainParameters([prepareScenario(args.baseline), prepareScenario(args.scenario)]);
  if (!args.params) {
    if (all.length === 0) throw argumentError('no parameter of these scenarios has an uncertainty distribution');
    return all;
  }
  return args.params.split(',').map((name) => {
    const p = all.find((q) => q.name === name.trim());
    if (!p) throw argumentError(`--params: '${name.trim()}' is not an uncertain parameter these scenarios read (they are: ${all.map((q) => q.name).join(', ')})`);
    return p;
  });
}

/** `ehsim sensitivity <baseline> <scenario> (--tornado | --psa N)`. */
export async function sensitivityCommand(args: SensitivityArgs, argv: string[], print: (s: string) => void): Promise<string> {
  if (!!args.tornado === (args.psa !== undefined)) throw argumentError('give either --tornado or --psa N');
  const started = new Date();
  const settings = parseAnalysisSettings({ ...args, replicates: args.replicates ?? (args.tornado ? '2' : '1') });
  const params = chooseParameters(args);
  return args.tornado ? tornado(args, argv, settings, params, started, print) : psa(args, argv, settings, params, started, print);
}

async function tornado(args: SensitivityArgs, argv: string[], settings: AnalysisSettings, params: UncertainParameter[], started: Date, print: (s: string) => void) {
  const bar = progressBar((1 + 2 * params.length) * 2 * settings.replicates, 'tornado');
  let t;
  try {
    t = await runTornado(args.baseline, args.scenario, params, { ...settings, onInterrupt, onProgress: () => bar.tick() });
  } finally {
    bar.stop();
  }
  const outcomes = Object.keys(t.central);
  const rows: (string | number)[][] = [];
  for (const o of outcomes) rows.push(['(all central)', '', 'central', '', o, t.central[o]!.mean, t.central[o]!.lo95, t.central[o]!.hi95, t.central[o]!.mcse]);
  for (const r of t.rows) {
    for (const o of outcomes) {
      rows.push([r.parameter, r.unit, 'p05', r.low, o, r.atLow[o]!.mean, r.atLow[o]!.lo95, r.atLow[o]!.hi95, r.atLow[o]!.mcse]);
      rows.push([r.parameter, r.unit, 'p95', r.high, o, r.atHigh[o]!.mean, r.atHigh[o]!.lo95, r.atHigh[o]!.hi95, r.atHigh[o]!.mcse]);
    }
  }
  const files = new Map<string, FileContent>([
    ['tornado.csv', toCsv(['parameter', 'unit', 'percentile', 'parameter_value', 'outcome', 'mean', 'lo95', 'hi95', 'mcse'], rows)],
    [
      'manifest.json',
      JSON.stringify(
        analysisManifest('tornado', argv, [args.baseline, args.scenario], settings, started, {
          parameters: t.rows.map((r) => ({ name: r.parameter, unit: r.unit, central: r.central, p05: r.low, p95: r.high, distribution: r.distribution })),
        }),
        null,
        2,
      ) + '\n',
    ],
  ]);
  const meta = { version: VERSION, ...settings };
  const headline = analysisHeadline(prepareScenario(args.baseline).declared.outcomes);
  const at = (s: Record<string, { mean: number }>, o: OutcomeInfo) => s[o.name]!.mean;
  const charts = headline.map((o) => tornadoChart(meta, o, at(t.central, o), t.rows.map((r) => ({ parameter: r.parameter, low: at(r.atLow, o), high: at(r.atHigh, o) }))));
  for (const o of headline) {
    print(`\n${o.label}: ${inBillions(o, at(t.central, o))} with every parameter central; at each parameter's 5th / 95th percentile:`);
    const sorted = [...t.rows].sort((a, b) => Math.abs(at(b.atHigh, o) - at(b.atLow, o)) - Math.abs(at(a.atHigh, o) - at(a.atLow, o)));
    for (const r of sorted) print(`  ${r.parameter.padEnd(40)} ${inBillions(o, at(r.atLow, o)).padStart(12)} ${inBillions(o, at(r.atHigh, o)).padStart(12)}`);
  }
  return writeAnalysisFolder(args.out, 'tornado', started, files, charts, print);
}

async function psa(args: SensitivityArgs, argv: string[], settings: AnalysisSettings, params: UncertainParameter[], started: Date, print: (s: string) => void) {
  const n = whole(args.psa, '--psa', 2);
  const noiseReplicates = whole(args.noiseReplicates ?? '8', '--noise-replicates', 2);
  const wtpMax = Number(args.wtpMax ?? 300000);
  if (!Number.isFinite(wtpMax) || wtpMax <= 0) throw argumentError(`--wtp-max must be a positive number of pounds, got '${args.wtpMax}'`);
  const steps = whole(args.wtpSteps ?? '31', '--wtp-steps', 2);
  const wtps = Array.from({ length: steps }, (_, i) => (wtpMax * i) / (steps - 1));

  const correlations = args.correlations ? loadCorrelations(args.correlations, params.map((p) => p.name)) : undefined;
  if (correlations) {
    try {
      drawParameters(params, 1, settings.seed, correlations.correlations);
    } catch (e) {
      if (e instanceof RangeError) throw new InputError(correlations.file, e.message);
      throw e;
    }
  }

  const declared = prepareScenario(args.baseline).declared.outcomes;
  const main = mainEffect(declared);
  if (!main) throw argumentError("--psa weighs an effect against cost: the model must declare 'outcomes.costEffectiveness'");
  const effect = { ...horizonOutcomes(declared).find((o) => o.name === main.effect.name)!, per: main.per };
  const bar = progressBar((n * settings.replicates + noiseReplicates) * 2, 'psa');
  let r;
  try {
    r = await runPsa(args.baseline, args.scenario, params, n, wtps, noiseReplicates, effect.name, { ...settings, onInterrupt, onProgress: () => bar.tick() }, correlations?.correlations);
  } finally {
    bar.stop();
  }
  const outcomes = Object.keys(r.summary);
  const files = new Map<string, FileContent>([
    ['psa-parameters.csv', toCsv(['draw', 'parameter', 'value'], r.draws.flatMap((d, i) => [...d].map(([p, v]) => [i, p, v])))],
    ['psa-results.csv', toCsv(['draw', 'replicate', 'outcome', 'value'], r.draws.flatMap((_, d) => outcomes.flatMap((o) => r.perReplicate[o]![d]!.map((v, k) => [d, k, o, v]))))],
    ['psa-acceptability.csv', toCsv([`wtp_per_${main.perName}`, 'probability_positive_net_benefit', 'expected_net_benefit', 'evpi'], r.acceptability.map((a) => [a.wtp, a.probability, a.expectedNetBenefit, a.evpi]))],
    [
      'psa-summary.json',
      JSON.stringify(
        {
          draws: n,
          replicates_per_draw: settings.replicates,
          probability_saves_money: r.probabilitySavesMoney,
          outcomes: r.summary,
          monte_carlo_noise: { replicates: r.noise.replicates, sd_per_replicate: r.noise.sd },
          acceptability: r.acceptability,
          definitions: {
            outcomes: 'across draws, the per-draw mean (over its replicates) of each horizon outcome: mean, 2.5th/97.5th percentiles, mcse of the mean over draws',
            sd_total: 'standard deviation across draws',
            sd_monte_carlo: "Monte Carlo noise in one draw's result: the sd over noise replicates at central values / sqrt(replicates per draw)",
            sd_parameters: 'sqrt(sd_total^2 - sd_monte_carlo^2): the spread due to parameter uncertainty',
            probability_saves_money: 'share of draws with net present cost < 0',
            net_benefit: `wtp x ${effect.label.toLowerCase()} - net present cost`,
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
        }),
        null,
        2,
      ) + '\n',
    ],
  ]);
  const meta = { version: VERSION, ...settings };
  const charts = [
    scatterChart(meta, effect, r.perDraw[effect.name]!.map((e, d) => ({ draw: d, effect: e, cost: r.perDraw.net_present_cost![d]! }))),
    ceacChart(meta, effect, r.acceptability.map((a) => ({ wtp: a.wtp, probability: a.probability }))),
  ];
  const s = r.summary;
  print(`${n} parameter draws of ${params.length} parameters, ${settings.replicates} paired replicate(s) each at scale ${settings.scale}:`);
  for (const o of analysisHeadline(declared)) {
    const f = (v: number) => inBillions(o, v);
    const x = s[o.name]!;
    print(`  ${o.label.padEnd(22)} ${f(x.mean)} (95% of draws ${f(x.lo95)} to ${f(x.hi95)}); sd from parameters ${f(x.sd_parameters)}, from Monte Carlo noise ${f(x.sd_monte_carlo)}`);
  }
  print(`  Probability the policy saves money: ${(r.probabilitySavesMoney * 100).toFixed(1)}%`);
  return writeAnalysisFolder(args.out, 'psa', started, files, charts, print);
}
