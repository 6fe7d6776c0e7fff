import { analysisHeadline, horizonOutcomes, mainEffect, type OutcomeInfo } from '../results/outcomes.js';
import { drawParameters, runPsa } from '../analysis/psa.js';
import { writePsaFolder } from '../analysis/psaFolder.js';
import { runTornado } from '../analysis/tornado.js';
import { writeTornadoFolder } from '../analysis/tornadoFolder.js';
import { uncertainParameters, type UncertainParameter } from '../analysis/uncertainty.js';
import type { AnalysisSettings } from '../outputs/analysisFolder.js';
import { prepareScenario } from '../runs/prepare.js';
import { argumentError, InputError } from '../scenario/inputError.js';
import { loadCorrelations } from '../scenario/loadCorrelations.js';
import { money } from '../report/format.js';
import { parseAnalysisSettings, type AnalysisArgs } from './analysisOptions.js';
import { onInterrupt } from './interrupt.js';
import { progressBar } from './progress.js';

export interface SensitivityArgs extends Omit<AnalysisArgs, 'replicates'> {
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
}

/** Money in the one money format, a whole number otherwise. */
const inBillions = (o: OutcomeInfo, v: number) => (o.unit === 'GBP' ? money(v) : Math.round(v).toLocaleString('en-GB'));

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
    if (p) return p;
    const dose = [args.baseline, args.scenario].some((f) => prepareScenario(f).parameters.get(name.trim())?.declared.entry.policy);
    if (dose) throw argumentError(`--params: '${name.trim()}' is a policy's dose (policy: true), chosen rather than uncertain, so the tornado and PSA do not vary it: vary it with ehsim sweep --param ${name.trim()}`);
    throw argumentError(`--params: '${name.trim()}' is not an uncertain parameter these scenarios read (they are: ${all.map((q) => q.name).join(', ')})`);
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
  const headline = analysisHeadline(prepareScenario(args.baseline).declared.outcomes);
  const at = (s: Record<string, { mean: number }>, o: OutcomeInfo) => s[o.name]!.mean;
  for (const o of headline) {
    print(`\n${o.label}: ${inBillions(o, at(t.central, o))} with every parameter central; at each parameter's 5th / 95th percentile:`);
    const sorted = [...t.rows].sort((a, b) => Math.abs(at(b.atHigh, o) - at(b.atLow, o)) - Math.abs(at(a.atHigh, o) - at(a.atLow, o)));
    for (const r of sorted) print(`  ${r.parameter.padEnd(40)} ${inBillions(o, at(r.atLow, o)).padStart(12)} ${inBillions(o, at(r.atHigh, o)).padStart(12)}`);
  }
  const written = await writeTornadoFolder(args.out, argv, args, t, headline, settings, started);
  print(written.message);
  return written.dir;
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
  const s = r.summary;
  print(`${n} parameter draws of ${params.length} parameters, ${settings.replicates} paired replicate(s) each at scale ${settings.scale}:`);
  for (const o of analysisHeadline(declared)) {
    const f = (v: number) => inBillions(o, v);
    const x = s[o.name]!;
    print(`  ${o.label.padEnd(22)} ${f(x.mean)} (95% of draws ${f(x.lo95)} to ${f(x.hi95)}); sd from parameters ${f(x.sd_parameters)}, from Monte Carlo noise ${f(x.sd_monte_carlo)}`);
  }
  print(`  Probability the policy saves money: ${(r.probabilitySavesMoney * 100).toFixed(1)}%`);
  const written = await writePsaFolder(args.out, argv, { baseline: args.baseline, scenario: args.scenario, params, n, noiseReplicates, correlations, effect, perName: main.perName, result: r }, settings, started);
  print(written.message);
  return written.dir;
}
