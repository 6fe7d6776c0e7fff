// Prints the baseline's first reported year (and optionally others) against 2024-25 figures, for
// calibrating by hand: npx tsx tests/bench/calibrationProbe.ts [scale] [replicates] [name=value ...]
import { prepareScenario } from '../../src/runs/prepare.js';
import { simulateReplicate } from '../../src/simulation/simulateReplicate.js';

const [scaleArg, repsArg, ...rest] = process.argv.slice(2);
const scale = Number(scaleArg ?? 0.05);
const reps = Number(repsArg ?? 2);
const overrides = new Map(rest.filter((a) => a.includes('=')).map((a) => [a.split('=')[0]!, Number(a.split('=')[1])] as [string, number]));
const file = rest.find((a) => a.endsWith('.yaml')) ?? 'scenarios/england/baseline.yaml';
const prepared = prepareScenario(file, overrides);
const observed: Record<string, number> = {
  referrals: 632830, rereferral_rate_12m: 0.226, referrals_nfa: 41340, assessed_not_in_need: 194620,
  children_referred: 557810, children_rereferred: 116950, cin_31_march: 402400, cin_in_year: 704430,
  cp_starts: 61840, cp_31_march: 49420, cp_repeat_share: 0.245, cla_starts: 32270, cla_31_march: 81770,
  early_help_children_in_year: 517000,
};
const sums = new Map<string, number[]>();
const t0 = Date.now();
let events = 0;
for (let r = 0; r < reps; r++) {
  const out = simulateReplicate({ epochs: prepared.epochs, grid: prepared.grid, seed: 1, replicate: r, scale });
  events += out.events;
  prepared.metrics.forEach((m, i) => {
    const ys = out.values.map((row) => row[i]!);
    const acc = sums.get(m) ?? ys.map(() => 0);
    ys.forEach((v, y) => (acc[y]! += v / reps));
    sums.set(m, acc);
  });
}
const years = (process.env.YEARS ?? '0').split(',').map(Number);
for (const [m, ys] of sums) {
  if (process.env.ALL !== '1' && !(m in observed) && !/step_up|waiting|disengaged|turned|offers|left|ended|completions|cla_|cp_|early_help_starts|aged_out/.test(m)) continue;
  const o = observed[m];
  const v = ys[years[0]!]!;
  const fmt = (x: number) => (Math.abs(x) < 2 ? x.toFixed(3) : Math.round(x).toLocaleString('en-GB'));
  const dev = o === undefined ? '' : Math.abs(o) < 2 ? `${((v - o) * 100).toFixed(1)} pts` : `${(((v - o) / o) * 100).toFixed(1)}%`;
  console.log(`${m.padEnd(40)} ${years.map((y) => fmt(ys[y]!).padStart(12)).join(' ')} ${o === undefined ? '' : fmt(o).padStart(12)} ${dev}`);
}
console.log(`${reps} replicates at scale ${scale}: ${((Date.now() - t0) / 1000).toFixed(1)} s, ${(events / 1e6).toFixed(2)} M events`);
