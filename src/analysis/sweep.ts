import { argumentError } from '../scenario/inputError.js';
import { summarise, type Summary } from '../results/statistics.js';
import { runPairedVariants, type PairedSettings, type PairedVariant } from './pairedRuns.js';

/** Parses --values a,b,c or --range from:to:steps into the grid of parameter values. */
export function sweepValues(values: string | undefined, range: string | undefined): number[] {
  if ((values === undefined) === (range === undefined)) throw argumentError('give either --values a,b,c or --range from:to:steps');
  if (values !== undefined) {
    const xs = values.split(',').map((v) => Number(v.trim()));
    if (xs.length < 1 || xs.some((x, i) => !Number.isFinite(x) || values.split(',')[i]!.trim() === '')) throw argumentError(`--values must be numbers separated by commas, got '${values}'`);
    return xs;
  }
  const parts = range!.split(':');
  const [from, to, steps] = parts.map((p) => Number(p.trim()));
  if (parts.length !== 3 || !Number.isFinite(from) || !Number.isFinite(to) || !Number.isInteger(steps) || steps! < 2 || steps! > 10_000 || from === to) {
    throw argumentError(`--range must be from:to:steps with from != to and steps a whole number from 2 to 10,000, got '${range}'`);
  }
  return Array.from({ length: steps! }, (_, i) => from! + ((to! - from!) * i) / (steps! - 1));
}

/** Parses --find-threshold OUTCOME=VALUE, OUTCOME one of `outcomes`. */
export function parseThreshold(raw: string, outcomes: string[]): { outcome: string; target: number } {
  const m = /^([a-z_]+)=(.+)$/.exec(raw.trim());
  const target = m ? Number(m[2]) : NaN;
  if (!m || !Number.isFinite(target)) throw argumentError(`--find-threshold must be OUTCOME=VALUE, for example net_present_cost=0, got '${raw}'`);
  if (!outcomes.includes(m[1]!)) throw argumentError(`--find-threshold: unknown outcome '${m[1]}' (one of ${outcomes.join(', ')})`);
  return { outcome: m[1]!, target };
}

export interface SweepPoint {
  value: number;
  outcomes: Record<string, Summary>;
  perReplicate: Record<string, number[]>;
  /** The appraisal year and schedule the present values are discounted with. */
  appraisal: PairedVariant['appraisal'];
}

export interface ThresholdResult {
  outcome: string;
  target: number;
  found: boolean;
  /** The parameter value where the mean outcome crosses the target. */
  value?: number;
  /** The mean outcome when run at that value, and its Monte Carlo standard error. */
  achieved?: Summary;
  bracket?: [number, number];
  evaluations: { value: number; mean: number }[];
  message: string;
}

function point(v: PairedVariant, value: number): SweepPoint {
  return { value, outcomes: Object.fromEntries(Object.entries(v.outcomes).map(([n, xs]) => [n, summarise(xs)])), perReplicate: v.outcomes, appraisal: v.appraisal };
}

/** Runs the paired comparison once per value of the parameter (all with the same seed). */
export async function runSweep(baseline: string, scenario: string, parameter: string, values: number[], settings: PairedSettings): Promise<SweepPoint[]> {
  const variants = await runPairedVariants(baseline, scenario, values.map((v) => new Map([[parameter, v]])), settings);
  return variants.map((v, i) => point(v, values[i]!));
}

/**
 * Finds the parameter value at which the mean outcome equals the target: a bracket from the
 * sweep's grid (a change of sign of mean − target between neighbours), then the Illinois
 * variant of regula falsi, each step a paired run with the same seed (so the function is
 * deterministic). Stops when |mean − target| is within one Monte Carlo standard error of
 * the mean or the bracket is 1e-4 of the grid's span; at most `maxIterations` runs.
 */
export async function findThreshold(
  baseline: string,
  scenario: string,
  parameter: string,
  grid: SweepPoint[],
  goal: { outcome: string; target: number },
  settings: PairedSettings,
  maxIterations = 12,
): Promise<ThresholdResult> {
  const f = (p: SweepPoint) => p.outcomes[goal.outcome]!.mean - goal.target;
  const evaluations = grid.map((p) => ({ value: p.value, mean: p.outcomes[goal.outcome]!.mean }));
  const sorted = [...grid].sort((a, b) => a.value - b.value);
  const exact = sorted.find((p) => f(p) === 0);
  if (exact) return { ...goal, found: true, value: exact.value, achieved: exact.outcomes[goal.outcome]!, evaluations, message: 'a grid value hits the target exactly' };
  let k = sorted.findIndex((p, i) => i > 0 && Math.sign(f(p)) !== Math.sign(f(sorted[i - 1]!)));
  if (k < 0) {
    const lo = Math.min(...sorted.map((p) => p.outcomes[goal.outcome]!.mean));
    const hi = Math.max(...sorted.map((p) => p.outcomes[goal.outcome]!.mean));
    return {
      ...goal,
      found: false,
      evaluations,
      message: `${goal.outcome} does not cross ${goal.target} between ${parameter} = ${sorted[0]!.value} and ${sorted.at(-1)!.value} (it runs from ${lo.toPrecision(4)} to ${hi.toPrecision(4)}); widen the range`,
    };
  }
  let a = sorted[k - 1]!;
  let b = sorted[k]!;
  let fa = f(a);
  let fb = f(b);
  let side = 0;
  const span = Math.abs(sorted.at(-1)!.value - sorted[0]!.value);
  let best = Math.abs(fa) < Math.abs(fb) ? a : b;
  for (let i = 0; i < maxIterations; i++) {
    const x = (a.value * fb - b.value * fa) / (fb - fa);
    const [c] = await runSweep(baseline, scenario, parameter, [x], settings);
    const fc = f(c!);
    evaluations.push({ value: x, mean: c!.outcomes[goal.outcome]!.mean });
    if (Math.abs(fc) < Math.abs(f(best))) best = c!;
    const tol = Math.max(c!.outcomes[goal.outcome]!.mcse, Math.abs(goal.target) * 1e-6, 1e-9);
    if (Math.abs(fc) <= tol) break;
    if (Math.sign(fc) === Math.sign(fb)) {
      b = c!;
      fb = fc;
      if (side === -1) fa /= 2;
      side = -1;
    } else {
      a = c!;
      fa = fc;
      if (side === 1) fb /= 2;
      side = 1;
    }
    if (Math.abs(b.value - a.value) <= 1e-4 * span) break;
  }
  return {
    ...goal,
    found: true,
    value: best.value,
    achieved: best.outcomes[goal.outcome]!,
    bracket: [Math.min(a.value, b.value), Math.max(a.value, b.value)],
    evaluations,
    message: `${goal.outcome} = ${goal.target} at ${parameter} = ${best.value.toPrecision(6)} (achieved ${best.outcomes[goal.outcome]!.mean.toPrecision(6)}, MCSE ${best.outcomes[goal.outcome]!.mcse.toPrecision(3)})`,
  };
}
