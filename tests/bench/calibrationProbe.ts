// Prints the baseline's first reported year against its targets file, for calibrating by hand:
//   npx tsx tests/bench/calibrationProbe.ts [scale] [replicates] [scenario.yaml] [name=value ...]
// (YEARS=0,10 prints more reported years; ALL=1 prints every metric.)
import { prepareScenario } from '../../src/runs/prepare.js';
import { loadTargets, toleranceOf } from '../../src/scenario/loadTargets.js';
import { simulateWithForks } from '../../src/runs/fork.js';

const [scaleArg, repsArg, ...rest] = process.argv.slice(2);
const scale = Number(scaleArg ?? 0.05);
const reps = Number(repsArg ?? 2);
const overrides = new Map(rest.filter((a) => a.includes('=')).map((a) => [a.split('=')[0]!, Number(a.split('=')[1])] as [string, number]));
const file = rest.find((a) => a.endsWith('.yaml')) ?? 'scenarios/england/baseline.yaml';
const prepared = prepareScenario(file, overrides);
const targets = prepared.targets ? loadTargets(prepared.targets.file).targets : [];
const means = new Map<string, number[]>();
const t0 = Date.now();
let events = 0;
for (let r = 0; r < reps; r++) {
  const out = simulateWithForks(prepared, [], { grid: prepared.grid, seed: 1, replicate: r, scale })[0]!;
  events += out.events;
  prepared.metrics.forEach((m, i) => {
    const acc = means.get(m) ?? out.values.map(() => 0);
    out.values.forEach((row, y) => (acc[y]! += row[i]! / reps));
    means.set(m, acc);
  });
}
const years = (process.env.YEARS ?? '0').split(',').map(Number);
const fmt = (x: number) => (Math.abs(x) < 2 ? x.toFixed(3) : Math.round(x).toLocaleString('en-GB'));
let within = 0;
for (const t of targets) {
  const v = means.get(t.metric)![prepared.grid.labels.indexOf(t.year)]!;
  const ok = Math.abs(v - t.observed) <= toleranceOf(t);
  if (ok) within++;
  const dev = Math.abs(t.observed) < 2 ? `${((v - t.observed) * 100).toFixed(1)} pts` : `${(((v - t.observed) / t.observed) * 100).toFixed(1)}%`;
  console.log(`${ok ? ' ' : '✗'} ${t.metric.padEnd(34)} ${fmt(v).padStart(10)} ${fmt(t.observed).padStart(10)} ${dev}`);
}
if (process.env.ALL === '1' || process.env.MORE) {
  const pattern = new RegExp(process.env.MORE ?? '.');
  for (const [m, ys] of means) if (pattern.test(m) && (years.length > 1 || !targets.some((t) => t.metric === m))) console.log(`  ${m.padEnd(34)} ${years.map((y) => fmt(ys[y]!).padStart(10)).join(' ')}`);
}
console.log(`${within} of ${targets.length} targets within tolerance; ${reps} replicates at scale ${scale}: ${((Date.now() - t0) / 1000).toFixed(1)} s, ${(events / 1e6).toFixed(2)} M events`);
