import { checkComparable, discountScheduleOf, prepareScenario, runAll, type PreparedScenario } from '../pipeline.js';
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
 * replicates) once for each set of overrides, all in one pool of workers. Every variant
 * uses the same seed, so differences between variants come from the parameters, not chance.
 */
export async function runPairedVariants(baselineFile: string, scenarioFile: string, variants: Overrides[], settings: PairedSettings): Promise<PairedVariant[]> {
  const prepared: { file: string; prepared: PreparedScenario; overrides: Overrides }[][] = variants.map((overrides) => [
    { file: baselineFile, prepared: prepareScenario(baselineFile, overrides), overrides },
    { file: scenarioFile, prepared: prepareScenario(scenarioFile, overrides), overrides },
  ]);
  checkComparable(prepared[0]!);
  const first = prepared[0]![0]!;
  const factors = discountFactors(discountScheduleOf(first), first.prepared.grid.labels.length);
  const values = new Map<string, Float64Array[]>();
  await runAll(
    prepared.flat().map((p) => ({ prepared: p.prepared, file: p.file, overrides: p.overrides, streamSalt: '' })),
    { replicates: settings.replicates, seed: settings.seed, scale: settings.scale, workers: settings.workers, onInterrupt: settings.onInterrupt },
    (k, r, out) => {
      values.set(`${k}|${r}`, out.values);
      settings.onProgress?.();
    },
  );
  return prepared.map((pair, v) => {
    const [base, other] = pair.map((p, j) => {
      const k = 2 * v + j;
      const byReplicate = Array.from({ length: settings.replicates }, (_, r) => values.get(`${k}|${r}`)!);
      return { scenario: p.prepared.scenario.name, years: p.prepared.grid.labels, metrics: p.prepared.metrics, byReplicate } as ScenarioResults;
    }) as [ScenarioResults, ScenarioResults];
    return { overrides: variants[v]!, baseline: base, scenario: other, outcomes: pairedOutcomes(base, other, factors) };
  });
}

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}
