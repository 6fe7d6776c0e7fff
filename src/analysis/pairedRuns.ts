import { simulateReplicate, type ReplicateOutput } from '../model/simulateReplicate.js';
import { runOnWorkers } from '../parallel/replicatePool.js';
import type { ReplicateTask } from '../parallel/replicateWorker.js';
import { checkComparable, discountScheduleOf, prepareScenario, type PreparedScenario } from '../pipeline.js';
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
 * Runs baseline and scenario as a paired comparison (common random numbers, the same
 * replicates) once for each set of overrides, all in one pool of workers. By default every
 * variant uses replicates 0..R-1 of the same seed, so differences between variants come from
 * the parameters, not chance; `distinctReplicates` gives variant v replicates vR..vR+R-1
 * instead (independent Monte Carlo noise per variant, as a probabilistic analysis wants).
 */
export async function runPairedVariants(
  baselineFile: string,
  scenarioFile: string,
  variants: Overrides[],
  settings: PairedSettings & { distinctReplicates?: boolean },
): Promise<PairedVariant[]> {
  // Prepare (and so validate) every variant up front, keeping only what the results need:
  // compiled models for hundreds of variants would not fit in memory together.
  const about = (p: PreparedScenario) => ({ name: p.scenario.name, years: p.grid.labels, metrics: p.metrics });
  const firstPair = [prepareScenario(baselineFile, variants[0]), prepareScenario(scenarioFile, variants[0])];
  checkComparable(firstPair.map((p, i) => ({ file: i ? scenarioFile : baselineFile, prepared: p })));
  const factors = discountFactors(discountScheduleOf({ file: baselineFile, prepared: firstPair[0]! }), firstPair[0]!.grid.labels.length);
  const prepared = variants.map((overrides, v) =>
    [baselineFile, scenarioFile].map((file, j) => ({ file, overrides, about: about(v === 0 ? firstPair[j]! : prepareScenario(file, overrides)) })),
  );
  const R = settings.replicates;
  const ids = (v: number) => Array.from({ length: R }, (_, r) => (settings.distinctReplicates ? v * R + r : r));
  const jobs = prepared.flatMap((pair, v) => pair.flatMap((p, j) => ids(v).map((replicate, r) => ({ v, j, r, replicate, p }))));
  const values = new Map<string, Float64Array[]>();
  const keep = (job: (typeof jobs)[number], out: ReplicateOutput) => {
    values.set(`${job.v}|${job.j}|${job.r}`, out.values);
    settings.onProgress?.();
  };
  if (settings.workers <= 1) {
    for (const job of jobs) {
      const p = prepareScenario(job.p.file, job.p.overrides);
      keep(job, simulateReplicate({ epochs: p.epochs, grid: p.grid, seed: settings.seed, replicate: job.replicate, scale: settings.scale, streamSalt: '' }));
    }
  } else {
    const tasks: ReplicateTask[] = jobs.map((job) => ({
      file: job.p.file,
      overrides: [...job.p.overrides],
      replicate: job.replicate,
      seed: settings.seed,
      scale: settings.scale,
      traceChildren: 0,
      streamSalt: '',
    }));
    await runOnWorkers(tasks, settings.workers, (i, out) => keep(jobs[i]!, out), settings.onInterrupt);
  }
  return prepared.map((pair, v) => {
    const [base, other] = pair.map((p, j) => {
      const byReplicate = Array.from({ length: R }, (_, r) => values.get(`${v}|${j}|${r}`)!);
      return { scenario: p.about.name, years: p.about.years, metrics: p.about.metrics, byReplicate } as ScenarioResults;
    }) as [ScenarioResults, ScenarioResults];
    return { overrides: variants[v]!, baseline: base, scenario: other, outcomes: pairedOutcomes(base, other, factors) };
  });
}

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}
