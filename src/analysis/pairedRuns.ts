import { simulateReplicate, type ReplicateOutput } from '../simulation/simulateReplicate.js';
import { runOnWorkers, type ReplicatePool } from '../parallel/replicatePool.js';
import type { ReplicateTask } from '../parallel/replicateWorker.js';
import { checkComparable, checkOverrides, discountScheduleOf, prepareScenario, simulatePair, type PreparedScenario } from '../pipeline.js';
import type { ScenarioResults } from '../results/annualTables.js';
import { pairedOutcomes, type PairedOutcomes } from '../results/comparison.js';
import { discountFactors } from '../results/discounting.js';

/** Parameter values one analysis run uses in place of the scenario files' own. */
export type Overrides = ReadonlyMap<string, number>;

export interface PairedSettings {
  seed: number;
  replicates: number;
  scale: number;
  workers: number;
  onInterrupt?: (cleanup: () => void) => () => void;
  /** Called after each (variant, scenario, replicate) completes. */
  onProgress?: () => void;
}

export interface PairedVariant {
  overrides: Overrides;
  baseline: ScenarioResults;
  scenario: ScenarioResults;
  /** Horizon totals, scenario against baseline, one value per paired replicate. */
  outcomes: PairedOutcomes;
}

/**
 * Runs each file once per set of overrides and returns results[variant][file]. Replicates are
 * 0..R-1 of the same seed for every variant (common random numbers), unless
 * `distinctReplicates` gives variant v replicates vR..vR+R-1 (independent noise per variant).
 * A `pool` lets an iterative analysis reuse its worker threads.
 */
export async function runScenarioVariants(
  files: string[],
  variants: Overrides[],
  settings: PairedSettings & { distinctReplicates?: boolean; pool?: ReplicatePool },
): Promise<ScenarioResults[][]> {
  // Prepare (and so validate) every variant up front, keeping only what the results need:
  // compiled models for hundreds of variants would not fit in memory together.
  const about = (p: PreparedScenario) => ({ name: p.scenario.name, years: p.grid.labels, metrics: p.metrics });
  const prepared = variants.map((overrides) => files.map((file) => ({ file, overrides, about: about(prepareScenario(file, overrides)) })));
  const R = settings.replicates;
  const ids = (v: number) => Array.from({ length: R }, (_, r) => (settings.distinctReplicates ? v * R + r : r));
  const jobs = prepared.flatMap((set, v) => set.flatMap((p, j) => ids(v).map((replicate, r) => ({ v, j, r, replicate, p }))));
  const values = new Map<string, Float64Array[]>();
  const keep = (job: (typeof jobs)[number], out: ReplicateOutput) => {
    values.set(`${job.v}|${job.j}|${job.r}`, out.values);
    settings.onProgress?.();
  };
  if (settings.workers <= 1 && !settings.pool) {
    for (const job of jobs) {
      const p = prepareScenario(job.p.file, job.p.overrides);
      keep(job, simulateReplicate({ epochs: p.epochs, grid: p.grid, seed: settings.seed, replicate: job.replicate, scale: settings.scale, streamSalt: '' }));
    }
  } else {
    await dispatch(jobs.map((job) => ({ file: job.p.file, overrides: job.p.overrides, replicate: job.replicate })), settings, (i, out) => keep(jobs[i]!, out));
  }
  return prepared.map((set, v) =>
    set.map((p, j) => ({
      scenario: p.about.name,
      years: p.about.years,
      metrics: p.about.metrics,
      byReplicate: Array.from({ length: R }, (_, r) => values.get(`${v}|${j}|${r}`)!),
    })),
  );
}

/**
 * Runs baseline and scenario as a paired comparison (common random numbers, the same
 * replicates) once for each set of overrides, all in one pool of workers. By default every
 * variant uses the same seed and replicates, so differences between variants come from the
 * parameters, not chance; `distinctReplicates` gives each variant replicates of its own.
 */
export async function runPairedVariants(
  baselineFile: string,
  scenarioFile: string,
  variants: Overrides[],
  settings: PairedSettings & { distinctReplicates?: boolean; pool?: ReplicatePool },
): Promise<PairedVariant[]> {
  const base = prepareScenario(baselineFile, variants[0]);
  checkComparable([
    { file: baselineFile, prepared: base },
    { file: scenarioFile, prepared: prepareScenario(scenarioFile, variants[0]) },
  ]);
  const factors = discountFactors(discountScheduleOf({ file: baselineFile, prepared: base }), base.grid.labels.length);
  // Check every variant's values up front (cheap); the workers compile them. Every variant has
  // the same scenario names, years and metrics as the first.
  for (const o of variants) for (const f of [baselineFile, scenarioFile]) checkOverrides(f, o);
  const other = prepareScenario(scenarioFile, variants[0]);
  const about = (p: PreparedScenario) => ({ name: p.scenario.name, years: p.grid.labels, metrics: p.metrics });
  const meta = variants.map(() => [about(base), about(other)] as const);
  const R = settings.replicates;
  // One task per (variant, replicate) runs both scenarios: the scenario is forked from the
  // baseline at its first lever, so the years before it are simulated once.
  const jobs = variants.flatMap((overrides, v) => Array.from({ length: R }, (_, r) => ({ v, r, overrides, replicate: settings.distinctReplicates ? v * R + r : r })));
  const values = new Map<string, [Float64Array[], Float64Array[]]>();
  const keep = (job: (typeof jobs)[number], out: ReplicateOutput) => {
    values.set(`${job.v}|${job.r}`, [out.values, out.forked!.values]);
    settings.onProgress?.();
    settings.onProgress?.();
  };
  if (settings.workers <= 1 && !settings.pool) {
    for (const job of jobs) {
      const b = prepareScenario(baselineFile, job.overrides);
      const s = prepareScenario(scenarioFile, job.overrides);
      keep(job, simulatePair(b, s, { grid: b.grid, seed: settings.seed, replicate: job.replicate, scale: settings.scale, streamSalt: '' }));
    }
  } else {
    await dispatch(jobs.map((job) => ({ file: baselineFile, pairWith: scenarioFile, overrides: job.overrides, replicate: job.replicate })), settings, (i, out) => keep(jobs[i]!, out));
  }
  return variants.map((overrides, v) => {
    const [b, s] = [0, 1].map((j) => ({
      scenario: meta[v]![j]!.name,
      years: meta[v]![j]!.years,
      metrics: meta[v]![j]!.metrics,
      byReplicate: Array.from({ length: R }, (_, r) => values.get(`${v}|${r}`)![j]!),
    })) as [ScenarioResults, ScenarioResults];
    return { overrides, baseline: b, scenario: s, outcomes: pairedOutcomes(b, s, factors, base.declared.outcomes) };
  });
}

/** Runs replicate tasks (common random numbers, no trace) on the analysis's pool or a pool of their own. */
async function dispatch(
  tasks: { file: string; pairWith?: string; overrides: Overrides; replicate: number }[],
  settings: PairedSettings & { pool?: ReplicatePool },
  onResult: (i: number, out: ReplicateOutput) => void,
): Promise<void> {
  const full: ReplicateTask[] = tasks.map((t) => ({ ...t, overrides: [...t.overrides], seed: settings.seed, scale: settings.scale, traceChildren: 0, streamSalt: '' }));
  if (settings.pool) await settings.pool.run(full, onResult);
  else await runOnWorkers(full, settings.workers, onResult, settings.onInterrupt);
}

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}
