import { defaultGroups, decisionOutputs, type DecisionInputs } from '../analysis/decisionOutputs.js';
import { runJointPsa } from '../analysis/jointPsa.js';
import { writeJointPsaFolder } from '../analysis/jointPsaFolder.js';
import { drawParameters, runPsa } from '../analysis/psa.js';
import { setAsideSentence } from '../analysis/feasibleDraws.js';
import { writePsaFolder } from '../analysis/psaFolder.js';
import type { UncertainParameter } from '../analysis/uncertainty.js';
import type { AnalysisSettings } from '../outputs/analysisFolder.js';
import { money } from '../report/format.js';
import { checkComparable, prepareScenario } from '../runs/prepare.js';
import { discountScheduleOf } from '../results/discounting.js';
import { perspectivesOf } from '../results/economics.js';
import { analysisHeadline, horizonOutcomes, mainEffect, type OutcomeInfo } from '../results/outcomes.js';
import type { Appraisal } from '../results/discounting.js';
import { argumentError, InputError } from '../scenario/inputError.js';
import { loadCorrelations } from '../scenario/loadCorrelations.js';
import { loadGroups } from '../scenario/loadGroups.js';
import { onInterrupt } from './interrupt.js';
import { progressBar } from './progress.js';
import type { SensitivityArgs } from './sensitivityArgs.js';

const whole = (raw: unknown, flag: string, min: number) => {
  const s = String(raw).trim();
  if (!/^\d{1,7}$/.test(s) || Number(s) < min) throw argumentError(`${flag} must be a whole number of at least ${min}, got '${raw}'`);
  return Number(s);
};

/** Money in the one money format, a whole number otherwise. */
const shown = (o: OutcomeInfo, v: number) => (o.unit === 'GBP' ? money(v) : Math.round(v).toLocaleString('en-GB'));

/**
 * `ehsim sensitivity <baseline> <policy>... --psa N`: with one policy, the paired PSA (with Monte
 * Carlo noise measured apart); with several, a joint PSA of all of them on the same draws. Both
 * write the cost-effectiveness acceptability frontier and the EVPPI of parameter groups.
 */
export async function psaCommand(args: SensitivityArgs, argv: string[], settings: AnalysisSettings & { appraisal: Appraisal }, params: UncertainParameter[], started: Date, print: (s: string) => void) {
  const n = whole(args.psa, '--psa', 2);
  const noiseReplicates = whole(args.noiseReplicates ?? '8', '--noise-replicates', 2);
  const wtpMax = Number(args.wtpMax ?? 300000);
  if (!Number.isFinite(wtpMax) || wtpMax <= 0) throw argumentError(`--wtp-max must be a positive number of pounds, got '${args.wtpMax}'`);
  const steps = whole(args.wtpSteps ?? '31', '--wtp-steps', 2);
  if (steps > 10_000) throw argumentError(`--wtp-steps must be at most 10000, got '${args.wtpSteps}'`);
  const wtps = Array.from({ length: steps }, (_, i) => (wtpMax * i) / (steps - 1));
  const names = params.map((p) => p.name);
  const correlations = args.correlations ? loadCorrelations(args.correlations, names) : undefined;
  if (correlations) {
    try {
      drawParameters(params, 1, settings.seed, correlations.correlations);
    } catch (e) {
      if (e instanceof RangeError) throw new InputError(correlations.file, e.message);
      throw e;
    }
  }
  const groups = args.groups ? loadGroups(args.groups, names) : null;

  const scenarios = [args.baseline, ...args.scenarios].map((file) => ({ file, prepared: prepareScenario(file) }));
  checkComparable(scenarios);
  const declared = scenarios[0]!.prepared.declared.outcomes;
  const main = mainEffect(declared);
  if (!main) throw argumentError("--psa weighs an effect against cost: the model must declare 'outcomes.costEffectiveness'");
  const decisionBase = {
    effect: main.effect.name,
    perspectives: perspectivesOf(declared),
    groups: groups?.groups ?? defaultGroups(names),
    wtps,
    thresholds: declared.costEffectiveness?.thresholds?.values ?? [0, wtpMax / 2, wtpMax],
    seed: settings.seed,
  };
  const bar = progressBar(args.scenarios.length === 1 ? (n * settings.replicates + noiseReplicates) * 2 : n * settings.replicates * scenarios.length, 'psa');

  if (args.scenarios.length > 1) {
    let psa;
    try {
      psa = await runJointPsa({ scenarios, schedule: discountScheduleOf(scenarios[0]!), appraisal: settings.appraisal, params, correlations: correlations?.correlations }, n, { ...settings, onInterrupt, onProgress: () => bar.tick() });
    } finally {
      bar.stop();
    }
    const decision = decisionOutputs({ ...decisionBase, options: [psa.baseline, ...psa.scenarios], economics: psa.scenarios.map((s) => psa.economics[s]!), draws: psa.draws } satisfies DecisionInputs);
    print(`${n} draws of ${params.length} parameters over ${psa.scenarios.length} policies at once, ${settings.replicates} replicate(s) each at scale ${settings.scale}:`);
    if (psa.setAside.length) print(`  ${setAsideSentence(psa.setAside, n)}`);
    for (const [persp, rows] of Object.entries(decision.atThresholds)) print(`  ${persp}: ${rows.map((r) => `at ${money(r.wtp)} per ${main.per} choose ${r.optimal} (EVPI ${money(r.evpi)})`).join('; ')}`);
    const written = await writeJointPsaFolder(args.out, argv, { files: scenarios.map((s) => s.file), psa, params, declared, decision, groups, correlations, per: main.per }, settings, started);
    print(written.message);
    return written.dir;
  }

  const effect = { ...horizonOutcomes(declared).find((o) => o.name === main.effect.name)!, per: main.per };
  let r;
  try {
    r = await runPsa(args.baseline, args.scenario!, params, n, wtps, noiseReplicates, effect.name, { ...settings, onInterrupt, onProgress: () => bar.tick() }, correlations?.correlations);
  } finally {
    bar.stop();
  }
  const s = r.summary;
  print(`${n} parameter draws of ${params.length} parameters, ${settings.replicates} paired replicate(s) each at scale ${settings.scale}:`);
  for (const o of analysisHeadline(declared)) {
    const x = s[o.name]!;
    print(`  ${o.label.padEnd(22)} ${shown(o, x.mean)} (95% of draws ${shown(o, x.lo95)} to ${shown(o, x.hi95)}); sd from parameters ${shown(o, x.sd_parameters)}, from Monte Carlo noise ${shown(o, x.sd_monte_carlo)}`);
  }
  print(`  Probability the policy saves money: ${(r.probabilitySavesMoney * 100).toFixed(1)}%`);
  if (r.setAside.length) print(`  ${setAsideSentence(r.setAside, n)}`);
  const decision = decisionOutputs({ ...decisionBase, options: [scenarios[0]!.prepared.scenario.name, scenarios[1]!.prepared.scenario.name], economics: [r.economics], draws: r.draws });
  const written = await writePsaFolder(args.out, argv, { baseline: args.baseline, scenario: args.scenario!, params, n, noiseReplicates, correlations, effect, perName: main.perName, result: r, decision, groups }, settings, started);
  print(written.message);
  return written.dir;
}
