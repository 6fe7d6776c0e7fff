import { runTasks, type TaskSettings } from './pool.js';
import { checkOverrides, prepareScenario, type PreparedScenario } from './prepare.js';
import type { ReplicateTask } from './runner.js';
import { checkScale } from './scaleCheck.js';

/** Parameter values one run uses in place of the scenario files' own. */
export type Overrides = ReadonlyMap<string, number>;

export interface VariantSettings extends TaskSettings {
  seed: number;
  /** Replicates per variant. */
  replicates: number;
  scale: number;
  /** Variant v runs replicates vR..vR+R-1 (independent noise per variant) instead of 0..R-1 (common random numbers). */
  distinctReplicates?: boolean;
  /** Random streams of the runs' own (default '': the streams every command shares). */
  streamSalt?: string;
  /** The variants' numbers, for distinctReplicates (default 0, 1, 2, …): a batch of redrawn variants keeps its draws' replicates. */
  variantNumbers?: number[];
  /** Called after each (variant, scenario, replicate) completes. */
  onProgress?: () => void;
}

/** One scenario's yearly values in one variant: byReplicate[replicate][year][metric]. */
export interface VariantValues {
  scenario: string;
  years: string[];
  metrics: string[];
  byReplicate: Float64Array[][];
}

/**
 * Runs one scenario, or a pair (the second forked from the first where possible), once per set
 * of overrides, and returns values[variant][file]. Every variant's values are checked up front
 * (cheap); the runner compiles them, so compiled models for hundreds of variants never sit in
 * memory together. Every variant has the scenario names, years and metrics of the first.
 */
export async function runVariants(files: ReplicateTask['files'], variants: Overrides[], settings: VariantSettings, prepared?: PreparedScenario[]): Promise<VariantValues[][]> {
  return (await runVariantBatch(files, variants, settings, prepared, false)) as VariantValues[][];
}

/**
 * runVariants, except that a variant whose values make the model impossible (probabilities
 * summing above 1 for some child, in some area or year) is not an error: its place holds why.
 */
export function runPossibleVariants(files: ReplicateTask['files'], variants: Overrides[], settings: VariantSettings, prepared?: PreparedScenario[]): Promise<(VariantValues[] | string)[]> {
  return runVariantBatch(files, variants, settings, prepared, true);
}

async function runVariantBatch(files: ReplicateTask['files'], variants: Overrides[], settings: VariantSettings, prepared: PreparedScenario[] | undefined, skipImpossible: boolean): Promise<(VariantValues[] | string)[]> {
  for (const o of variants) for (const f of files) checkOverrides(f, o);
  // Names, years and metrics do not depend on parameter values: scenarios already prepared will do.
  const central = files.map((file, j) => prepared?.[j] ?? prepareScenario(file, skipImpossible ? undefined : variants[0]));
  checkScale(central, settings.scale);
  const about = central.map((p) => ({ scenario: p.scenario.name, years: p.grid.labels, metrics: p.metrics }));
  const R = settings.replicates;
  const number = (v: number) => settings.variantNumbers?.[v] ?? v;
  const jobs = variants.flatMap((overrides, v) => Array.from({ length: R }, (_, r) => ({ v, r, overrides })));
  const tasks = jobs.map(
    ({ v, r, overrides }): ReplicateTask => ({
      files,
      overrides: [...overrides],
      replicate: settings.distinctReplicates ? number(v) * R + r : r,
      seed: settings.seed,
      scale: settings.scale,
      traceChildren: 0,
      streamSalt: settings.streamSalt ?? '',
      skipImpossible,
    }),
  );
  const values = variants.map(() => files.map(() => new Array<Float64Array[]>(R)));
  const impossible = new Map<number, string>();
  // Prepared at their own values (no overrides), the caller's scenarios serve tasks that override nothing.
  const own = prepared && files.map((file, j) => ({ file, prepared: prepared[j]! }));
  await runTasks(tasks, { ...settings, ...(own ? { prepared: own } : {}) }, (i, outputs, why) => {
    const { v, r } = jobs[i]!;
    if (why !== undefined) impossible.set(v, why);
    outputs.forEach((out, j) => {
      values[v]![j]![r] = out.values;
      settings.onProgress?.();
    });
  });
  return values.map((set, v) => impossible.get(v) ?? set.map((byReplicate, j) => ({ ...about[j]!, byReplicate })));
}
