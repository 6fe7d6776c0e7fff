/**
 * Engine benchmark (not a test): events per second on the England baseline.
 * Usage: npm run bench -- [scale] [replicates]   (defaults: 1 and 1)
 * Results are recorded in docs/benchmarks.md with the command that produced them.
 */
import os from 'node:os';
import { prepareScenario } from '../../src/runs/prepare.js';
import { simulateWithForks } from '../../src/runs/fork.js';

const scale = Number(process.argv[2] ?? 1);
const replicates = Number(process.argv[3] ?? 1);
const prepared = prepareScenario(process.env.EHSIM_BENCH_SCENARIO ?? 'scenarios/england/baseline.yaml');
const years = prepared.scenario.calendar.warmupYears + prepared.scenario.calendar.horizonYears;
console.log(`England baseline, scale ${scale}, ${replicates} replicate(s), ${years} simulated years each (${prepared.scenario.calendar.warmupYears} warm-up)`);
console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} x ${os.cpus().length}`);
let events = 0;
const t0 = performance.now();
for (let r = 0; r < replicates; r++) {
  // As `ehsim run` simulates it: with areas (the nine regions), each area's share on its own streams.
  const out = simulateWithForks(prepared, [], { grid: prepared.grid, seed: 1, replicate: r, scale })[0]!;
  events += out.events;
  const s = (performance.now() - t0) / 1000;
  console.log(`  replicate ${r}: ${out.events.toLocaleString('en-GB')} events, cumulative ${s.toFixed(1)} s`);
}
const seconds = (performance.now() - t0) / 1000;
console.log(`events: ${events.toLocaleString('en-GB')}`);
console.log(`seconds: ${seconds.toFixed(2)} (${(seconds / replicates).toFixed(2)} per replicate)`);
console.log(`events per second (one core): ${(events / seconds / 1e6).toFixed(2)} million`);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
