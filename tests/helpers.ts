import { main } from '../src/cli/main.js';
import { prepareScenario } from '../src/runs/prepare.js';
import { simulateWithForks } from '../src/runs/fork.js';
import type { ReplicateOutput } from '../src/simulation/simulateReplicate.js';

/** Runs a scenario in-process and returns metric(name) -> per-replicate arrays of yearly values. */
export function simulate(file: string, replicates: number, seed = 1, scale = 1) {
  const prepared = prepareScenario(file);
  const outputs: ReplicateOutput[] = [];
  for (let replicate = 0; replicate < replicates; replicate++) outputs.push(simulateWithForks(prepared, [], { grid: prepared.grid, seed, replicate, scale })[0]!);
  const index = (name: string): number => {
    const m = prepared.metrics.indexOf(name);
    if (m < 0) throw new Error(`no metric ${name}`);
    return m;
  };
  const metric = (name: string): number[][] => outputs.map((o) => o.values.map((row) => row[index(name)]!));
  /** An area's values (its position in the areas file): per-replicate arrays of yearly values. */
  const areaMetric = (area: number, name: string): number[][] => outputs.map((o) => o.areas![area]!.values.map((row) => row[index(name)]!));
  return { prepared, metric, areaMetric, outputs };
}

export function meanAndSe(xs: number[]): { mean: number; se: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return { mean, se: sd / Math.sqrt(n) };
}

/** Runs the command line in-process and collects what it printed. */
export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
