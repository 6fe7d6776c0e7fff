/**
 * Preparation benchmark (not a test): what a worker does for the draws of a joint PSA, prepare
 * each of the four England scenarios with each draw's parameter values (every region, every epoch
 * compiled), then a tiny replicate of each.
 * Usage: node --import tsx tests/bench/prepare.bench.ts [draws]   (default 8, as npm start)
 * Results are recorded in docs/benchmarks.md with the command that produced them.
 */
import { drawParameters } from '../../src/analysis/psa.js';
import { uncertainParameters } from '../../src/analysis/uncertainty.js';
import { simulateWithForks } from '../../src/runs/fork.js';
import { prepareScenario } from '../../src/runs/prepare.js';

const n = Number(process.argv[2] ?? 8);
const files = ['baseline', 'statutory-duty', 'funding-restoration', 'duty-and-funding'].map((name) => `scenarios/england/${name}.yaml`);
const draws = drawParameters(uncertainParameters(files.map((f) => prepareScenario(f))), n, 1);
let preparing = 0;
let simulating = 0;
for (const d of draws) {
  for (const f of files) {
    const t0 = performance.now();
    const p = prepareScenario(f, d);
    const t1 = performance.now();
    simulateWithForks(p, [], { grid: p.grid, seed: 1, replicate: 0, scale: 0.0002 }, null);
    preparing += t1 - t0;
    simulating += performance.now() - t1;
  }
}
console.log(`${n * files.length} preparations: ${(preparing / 1000).toFixed(2)} s; tiny replicates (scale 0.0002): ${(simulating / 1000).toFixed(2)} s`);
