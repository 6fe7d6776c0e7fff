/**
 * Engine benchmark (not a test): events per second on the England baseline.
 * Usage: node --import tsx tests/bench/engine.bench.ts [scale] [replicates] [cache dir]   (defaults: 1, 1, no cache)
 * With a cache folder, the replicate starts from the state stored there on the base date when it
 * has one (a warm start), and stores it when it has not. The last line is JSON for all.bench.ts.
 * Results are recorded in docs/benchmarks.md with the command that produced them.
 */
import os from 'node:os';
import { prepareScenario } from '../../src/runs/prepare.js';
import { simulateWithForks } from '../../src/runs/fork.js';

const scale = Number(process.argv[2] ?? 1);
const replicates = Number(process.argv[3] ?? 1);
const cacheDir = process.argv[4];
const cache = cacheDir ? { dir: cacheDir, maxBytes: 64 * 2 ** 30 } : null;
const prepared = prepareScenario(process.env.EHSIM_BENCH_SCENARIO ?? 'scenarios/england/baseline.yaml');
const years = prepared.scenario.calendar.warmupYears + prepared.scenario.calendar.horizonYears;
console.log(`England baseline, scale ${scale}, ${replicates} replicate(s), ${years} simulated years each (${prepared.scenario.calendar.warmupYears} warm-up)${cache ? `, warm-start cache ${cache.dir}` : ''}`);
console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} x ${os.cpus().length}`);
let events = 0;
const areas: { events: number; pending: number }[] = [];
const t0 = performance.now();
for (let r = 0; r < replicates; r++) {
  // As `ehsim run` simulates it: with areas (the nine regions), each area's share on its own streams.
  const out = simulateWithForks(prepared, [], { grid: prepared.grid, seed: 1, replicate: r, scale }, cache)[0]!;
  events += out.events;
  for (const a of out.areas ?? [out]) areas.push({ events: a.events, pending: a.pending });
  const s = (performance.now() - t0) / 1000;
  console.log(`  replicate ${r}: ${out.events.toLocaleString('en-GB')} events, cumulative ${s.toFixed(1)} s`);
}
const seconds = (performance.now() - t0) / 1000;
console.log(`events: ${events.toLocaleString('en-GB')}`);
console.log(`seconds: ${seconds.toFixed(2)} (${(seconds / replicates).toFixed(2)} per replicate)`);
console.log(`events per second (one core): ${(events / seconds / 1e6).toFixed(2)} million`);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
const days = prepared.grid.bounds.at(-1)! - prepared.grid.warmupStart;
console.log(JSON.stringify({ seconds, events, days, areas, peakMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
