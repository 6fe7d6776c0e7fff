/**
 * Events per CPU-second of one replicate on the England baseline (scale 0.05, replicates 1-4
 * after a warm-up one), in process, for side-by-side runs of two checkouts (the machine's speed
 * drifts, so alternate them and compare medians):
 *   node --import tsx tests/bench/events.bench.mjs [CHECKOUT]     (default: this one)
 * It also loads checkouts from before src/runs (src/pipeline.ts, src/model/simulateReplicate.ts).
 */
import path from 'node:path';

const repo = path.resolve(process.argv[2] ?? '.');
process.chdir(repo);
let prepare, sim;
try { ({ prepareScenario: prepare } = await import(`${repo}/src/runs/prepare.ts`)); } catch { ({ prepareScenario: prepare } = await import(`${repo}/src/pipeline.ts`)); }
try { ({ simulateReplicate: sim } = await import(`${repo}/src/simulation/simulateReplicate.ts`)); } catch { ({ simulateReplicate: sim } = await import(`${repo}/src/model/simulateReplicate.ts`)); }
const p = prepare('scenarios/england/baseline.yaml');
const one = (r) => sim({ epochs: p.epochs, grid: p.grid, seed: 1, replicate: r, scale: 0.05 });
one(0);
let events = 0; const t0 = process.cpuUsage();
for (let r = 1; r <= 4; r++) events += one(r).events;
const u = process.cpuUsage(t0); const s = (u.user + u.system) / 1e6;
console.log(`${repo} ${(events / s / 1e6).toFixed(3)} M events/cpu-s`);
