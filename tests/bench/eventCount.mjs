// Events in one England baseline replicate at scale 0.05 (seed 1, replicate 0) for a checkout:
//   node --import tsx tests/bench/eventCount.mjs [CHECKOUT]
import path from 'node:path';
const repo = path.resolve(process.argv[2] ?? "."); process.chdir(repo);
const { prepareScenario } = await import(`${repo}/src/runs/prepare.ts`);
const { simulateReplicate } = await import(`${repo}/src/simulation/simulateReplicate.ts`);
const p = prepareScenario('scenarios/england/baseline.yaml');
const out = simulateReplicate({ epochs: p.epochs, grid: p.grid, seed: 1, replicate: 0, scale: 0.05 });
console.log(repo, (out.events / 1e6).toFixed(2), 'M events, one replicate at scale 0.05');
