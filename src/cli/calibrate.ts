import path from 'node:path';
import { calibrate } from '../calibration/calibrate.js';
import { calibrationFolder, writeCalibrationFolder } from '../calibration/calibrationFolder.js';
import { checkVariedParameter } from '../analysis/variedParameter.js';
import { openPool } from '../runs/pool.js';
import { prepareScenario } from '../runs/prepare.js';
import { argumentError } from '../scenario/inputError.js';
import { checkTargetsAgainst, loadTargets } from '../scenario/loadTargets.js';
import { parseAnalysisSettings, type AnalysisArgs } from './analysisOptions.js';
import { onInterrupt } from './interrupt.js';

export interface CalibrateArgs extends AnalysisArgs {
  scenario: string;
  targets: string;
  params: string;
  maxEvaluations?: unknown;
  step?: unknown;
}

/** `ehsim calibrate <scenario> --targets FILE --params a,b,c`: fit, then write the overlay scenario and the fit report. */
export async function calibrateCommand(args: CalibrateArgs, argv: string[], print: (s: string) => void): Promise<string> {
  const started = new Date();
  const settings = parseAnalysisSettings(args);
  const maxEvaluations = Number(args.maxEvaluations ?? 80);
  if (!Number.isInteger(maxEvaluations) || maxEvaluations < 3) throw argumentError(`--max-evaluations must be a whole number of at least 3, got '${args.maxEvaluations}'`);
  const step = Number(args.step ?? 0.1);
  if (!(step > 0 && step < 1)) throw argumentError(`--step must be a fraction in (0, 1), got '${args.step}'`);
  const prepared = prepareScenario(args.scenario);
  const targets = loadTargets(args.targets);
  checkTargetsAgainst(targets, prepared.metrics, prepared.grid.labels);
  const names = args.params.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw argumentError('--params needs at least one parameter name');
  if (new Set(names).size !== names.length) throw argumentError('--params names a parameter twice');
  const start = names.map((name) => ({ name, value: checkVariedParameter([args.scenario], name).value }));

  print(`Calibrating ${names.join(', ')} of ${prepared.scenario.name} to ${targets.targets.length} targets (${targets.name}); ${settings.replicates} replicates at scale ${settings.scale}, at most ${maxEvaluations} evaluations`);
  const pool = settings.workers > 1 ? openPool(Math.min(settings.workers, settings.replicates), onInterrupt, [{ file: args.scenario, prepared }]) : undefined;
  let fit;
  try {
    fit = await calibrate(args.scenario, start, targets.targets, { ...settings, pool }, { maxEvaluations, step });
  } finally {
    await pool?.close();
  }

  const { out, overlayName } = calibrationFolder(args.out, prepared, started);
  for (const p of fit.parameters) print(`  ${p.name}: ${p.start} -> ${Number(p.fitted.toPrecision(6))}`);
  print(`  objective ${fit.objectiveBefore.toPrecision(4)} -> ${fit.objectiveAfter.toPrecision(4)} after ${fit.evaluations.length} evaluations${fit.converged ? '' : ' (stopped at --max-evaluations; not converged)'}; ${fit.after.filter((t) => t.within).length} of ${fit.after.length} targets within tolerance`);
  print(`  fitted scenario: ${path.join(out, `${overlayName}.yaml`)}`);
  const written = await writeCalibrationFolder(args.out, argv, { scenario: args.scenario, targetsFile: args.targets, prepared, targets, names, maxEvaluations, step, fit }, settings, started);
  print(written.message);
  return written.dir;
}
